import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { verifyAuditLog } from '../../src/audit';
import { exited } from '../support/process';

// Two MCP clients start the same server (Claude Desktop and an IDE, say): two processes, one default
// audit file. Before the writer lock they appended to it together and broke the chain without a word.
const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'build/test/fixtures/servers/audited-server.js');
const CLI = join(ROOT, 'dist/cli/main.js');
const CALLS = 400;
const IN_FLIGHT = 16;

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-two-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function start(): Promise<{ client: Client; pid: number; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER],
    stderr: 'pipe',
    env: { PATH: process.env.PATH ?? '', SECURE_MCP_STATE_DIR: dir },
  });
  let stderr = '';
  transport.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'two-servers', version: '1' });
  await client.connect(transport);
  return { client, pid: transport.pid!, stderr: () => stderr };
}

/** `CALLS` calls with `IN_FLIGHT` in flight, arguments `base + i`; returns the acknowledged ones. */
async function load(client: Client, base: number): Promise<number[]> {
  const acked: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < CALLS) {
      const n = base + next++;
      const result = await client.callTool({ name: 'count', arguments: { n } });
      if (!result.isError) acked.push(n);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return acked;
}

it('two server processes on one default audit file: no record lost, every chain verifies, the user is told', async () => {
  const a = await start();
  const b = await start();
  const [ackedA, ackedB] = await Promise.all([load(a.client, 0), load(b.client, 100_000)]);
  await Promise.all([a.client.close(), b.client.close()]);
  // Closing stdin stops each server, which flushes and releases its lock.
  await Promise.all([exited(a.pid), exited(b.pid)]);
  const auditDir = join(dir, 'audit');

  const main = join(auditDir, 'audited-fixture.jsonl');
  const files = readdirSync(auditDir).sort();
  expect(files).toEqual(['audited-fixture.jsonl', expect.stringMatching(/^audited-fixture\.pid\d+\.jsonl$/)]);
  const segment = join(auditDir, files[1]);
  const warned = [a.stderr(), b.stderr()].filter((s) => s.includes('is in use by process'));
  expect(warned).toHaveLength(1);
  expect(warned[0]).toContain(`writes its own hash chain to ${segment}`);

  const recorded = new Set<number>();
  for (const file of [main, segment]) {
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean))
      recorded.add((JSON.parse(line) as { args: { n: number } }).args.n);
  }
  expect(ackedA.length + ackedB.length).toBe(2 * CALLS);
  expect([...ackedA, ...ackedB].filter((n) => !recorded.has(n))).toEqual([]);
  expect(await verifyAuditLog(main)).toMatchObject({ ok: true });
  expect(await verifyAuditLog(segment)).toMatchObject({ ok: true });

  const cli = spawnSync(process.execPath, [CLI, 'audit', 'verify', main], { encoding: 'utf8' });
  expect(cli.status).toBe(0);
  expect(cli.stdout).toMatch(/^OK: \d+ records, hash chain intact \(.*audited-fixture\.jsonl\)\n/);
  expect(cli.stdout).toContain(`hash chain intact (${segment})`);
}, 60_000);
