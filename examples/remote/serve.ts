import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAuthorizationServer } from './authorization-server';
import { startRemoteServer } from './server';

/**
 * Keeps the authorization-server stub and the MCP server running for an interactive client such as the MCP
 * Inspector: `node build/examples/remote/serve.js`, then point the client at the printed MCP URL. Ports:
 * `AS_PORT` (default 9000) and `PORT` (default 3000), both on 127.0.0.1. Stop with Ctrl-C.
 */
async function serve(): Promise<void> {
  const say = (line: string) => process.stdout.write(line + '\n');
  const as = await startAuthorizationServer({
    id: 'example-agent',
    allowedScopes: ['docs:read', 'docs:write'],
    demoUser: 'demo-user',
    // For clients configured with a client id instead of registering: the Inspector's two callbacks.
    publicClients: [
      {
        id: 'mcp-inspector',
        redirectUris: ['http://localhost:6274/oauth/callback', 'http://localhost:6274/oauth/callback/debug'],
      },
    ],
    port: Number(process.env.AS_PORT) || 9000,
  });
  const auditFile = join(mkdtempSync(join(tmpdir(), 'remote-example-')), 'audit.jsonl');
  const { server, listener } = await startRemoteServer({
    issuer: as.issuer,
    port: Number(process.env.PORT) || 3000,
    auditFile,
    allowedOrigins: ['http://localhost:6274', 'http://127.0.0.1:6274'], // the Inspector's UI
  });
  say(`MCP server:           ${listener.url}`);
  say(`authorization server: ${as.issuer} (local stub: approves every request as demo-user)`);
  say(`audit log:            ${auditFile}`);
  const stop = () => {
    void server
      .close()
      .then(() => as.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

serve().catch((error: unknown) => {
  process.stderr.write(`remote example failed: ${(error as Error).message}\n`);
  process.exit(1);
});
