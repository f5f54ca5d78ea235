import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { exited } from '../support/process';

// A real server with `audit.anchor` (key resolved like @Secret, here from the environment) and the real
// `secure-mcp audit verify --anchor-secret --anchors` CLI.
const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'build/test/fixtures/servers/audited-server.js');
const CLI = join(ROOT, 'dist/cli/main.js');
const KEY = 'canary-anchor-key-not-a-real-secret';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-anchor-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const verify = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'audit', 'verify', ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', AUDIT_ANCHOR_KEY: KEY, SECURE_MCP_STATE_DIR: dir },
  });

it('a served log is signed every N records and on shutdown; the CLI checks it and catches deleted newest records', async () => {
  const auditFile = join(dir, 'logs', 'audit.jsonl');
  const anchorFile = join(dir, 'anchors', 'audit-anchors.jsonl');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER],
    stderr: 'pipe',
    env: {
      PATH: process.env.PATH ?? '',
      SECURE_MCP_STATE_DIR: dir,
      AUDIT_FILE: auditFile,
      AUDIT_ANCHOR_SECRET: 'AUDIT_ANCHOR_KEY',
      AUDIT_ANCHOR_KEY: KEY,
      AUDIT_ANCHOR_EVERY: '10',
      AUDIT_ANCHOR_FILE: anchorFile,
    },
  });
  let stderr = '';
  transport.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'anchor-test', version: '1' });
  await client.connect(transport);
  for (let n = 0; n < 25; n++) await client.callTool({ name: 'count', arguments: { n } });
  const pid = transport.pid!;
  await client.close();
  await exited(pid); // the server writes its closing checkpoint when stdin closes, then exits

  const text = readFileSync(auditFile, 'utf8');
  for (const out of [text, readFileSync(anchorFile, 'utf8'), stderr]) expect(out).not.toContain(KEY);
  const ok = verify('logs/audit.jsonl', '--anchor-secret', 'AUDIT_ANCHOR_KEY', '--anchors', anchorFile);
  expect(ok.stderr).toBe('');
  expect(ok.stdout).toBe(
    'OK: 29 records, hash chain intact (logs/audit.jsonl); 4 signed checkpoints, 0 newest records not yet signed\n',
  );
  expect(ok.status).toBe(0);

  // Delete the newest records back to a checkpoint: the log alone still verifies, the anchor file does not.
  const lines = text.split('\n').filter(Boolean);
  writeFileSync(auditFile, lines.slice(0, 12).join('\n') + '\n');
  expect(verify('logs/audit.jsonl', '--anchor-secret', 'AUDIT_ANCHOR_KEY').status).toBe(0);
  const cut = verify('logs/audit.jsonl', '--anchor-secret', 'AUDIT_ANCHOR_KEY', '--anchors', anchorFile);
  expect(cut.status).toBe(1);
  expect(cut.stdout).toBe(
    'TAMPERED: logs/audit.jsonl line 12: the anchor file has checkpoints after the end of the chain ' +
      '(the newest records were deleted); 12 records before it are intact\n',
  );

  const missing = verify('logs/audit.jsonl', '--anchor-secret', 'NO_SUCH_SECRET');
  expect(missing.status).toBe(2);
  expect(missing.stderr).toMatch(/anchor secret NO_SUCH_SECRET was not found/);
}, 60_000);
