import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { verifyAuditLog } from '../../src/audit';

// The SIEM example of docs/audit.md, run as written: a real server over stdio shipping its records through
// winston's HTTP transport to a collector on loopback (standing in for the SIEM's HTTP intake).
const EXAMPLE = join(__dirname, '../../build/examples/audit-siem/server.js');
const KEY = 'canary-anchor-key-not-a-real-secret';

let dir: string;
let collector: Server;
const received: Record<string, unknown>[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'audit-siem-'));
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
});
afterAll(() => {
  collector.close();
  rmSync(dir, { recursive: true, force: true });
});

it('every record and every checkpoint reaches the SIEM, including those written at shutdown', async () => {
  const { port } = collector.address() as AddressInfo;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [EXAMPLE],
    stderr: 'pipe',
    env: {
      PATH: process.env.PATH ?? '',
      SECURE_MCP_STATE_DIR: dir,
      SIEM_URL: `http://127.0.0.1:${port}/ingest`,
      AUDIT_ANCHOR_KEY: KEY,
    },
  });
  const client = new Client({ name: 'siem-test', version: '1' });
  await client.connect(transport);
  const pid = transport.pid!;
  for (let i = 0; i < 5; i++)
    await client.callTool({ name: 'lookup_customer', arguments: { customer: `c-${i}` } });
  await client.close();
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
      await new Promise((r) => setTimeout(r, 25));
    } catch {
      break;
    }
  }

  const file = join(dir, 'audit', 'crm.jsonl');
  const local = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { hash: string; reason?: string });
  expect(local).toHaveLength(7); // opening checkpoint, 5 calls, closing checkpoint
  const shipped = received.filter((r) => r.message === 'audit' && !r.type);
  expect(shipped.map((r) => r.hash).sort()).toEqual(local.map((r) => r.hash).sort());
  const anchors = received.filter((r) => r.type === 'secure-mcp.audit.checkpoint');
  expect(anchors.map((a) => a.seq)).toEqual([1, 7]);
  expect(JSON.stringify(received)).not.toContain(KEY);
  expect(await verifyAuditLog(file, { anchorKey: KEY })).toMatchObject({
    ok: true,
    records: 7,
    checkpoints: 2,
  });
}, 60_000);
