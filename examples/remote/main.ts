import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAuthorizationServer } from './authorization-server';
import { discoverAndCall } from './client';
import { startRemoteServer } from './server';

/**
 * Runs the whole remote set-up on 127.0.0.1: an authorization server (stand-in), the MCP server trusting
 * it, and a client that finds its way from a bare 401 to a token and a tool call. `PORT` picks the MCP
 * server's port (default: a free one).
 */
async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(line + '\n');
  const as = await startAuthorizationServer({
    id: 'example-agent',
    allowedScopes: ['docs:read', 'docs:write'],
  });
  const port = Number(process.env.PORT) || (await freePort());
  const auditFile = join(mkdtempSync(join(tmpdir(), 'remote-example-')), 'audit.jsonl');
  const { server, listener } = await startRemoteServer({ issuer: as.issuer, port, auditFile });
  say(`MCP server at ${listener.url}, authorization server at ${as.issuer}`);
  try {
    await discoverAndCall(listener.url, as, say);
  } finally {
    await server.close();
    await as.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`remote example failed: ${(error as Error).message}\n`);
  process.exit(1);
});
