import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, verifyAuditLog } from '../../../src/audit';

// A real child process writes records as fast as it can and prints every acknowledged auditId; it is
// killed mid-load. Every id it acknowledged must be in the file, and the chain must verify.
const ROOT = join(__dirname, '..', '..', '..');
const MIN_ACKED = 10_000;

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-crash-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function runAndKill(
  file: string,
  signal: NodeJS.Signals,
  mode = 'audit-log',
): Promise<{ acked: string[]; code: number | null }> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(__dirname, '../../support/register-ts.js'),
      join(__dirname, 'writer-child.ts'),
      file,
      signal,
      mode,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let lines = 0;
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    lines += countLines(chunk);
    // Kill mid-load: well past the minimum, while the child is still writing.
    if (lines >= MIN_ACKED + 2_000 && child.exitCode === null && !child.killed) child.kill(signal);
  });
  // 'close' comes after the exit and after stdout has been read to its end.
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  if (!err.startsWith('ready')) throw new Error(`child failed: ${err}`);
  // Only newline-terminated ids count as acknowledged (a SIGKILL may cut the last stdout write).
  const acked = out.split('\n').slice(0, -1);
  return { acked, code };
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function recordedIds(file: string): Set<string> {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const ids = new Set<string>();
  for (const line of lines) {
    try {
      ids.add((JSON.parse(line) as { auditId: string }).auditId);
    } catch {
      // A line torn by the kill (the async control sink can leave one) records nothing.
    }
  }
  return ids;
}

describe.each(['SIGKILL', 'SIGTERM'] as const)('a writer killed with %s mid-load', (signal) => {
  it('loses no acknowledged record, and the chain verifies and continues after restart', async () => {
    const file = join(dir, 'audit.jsonl');
    const { acked, code } = await runAndKill(file, signal);
    if (signal === 'SIGTERM') expect(code).toBe(0); // the handler closed the log and exited
    expect(acked.length).toBeGreaterThanOrEqual(MIN_ACKED);

    const recorded = recordedIds(file);
    const missing = acked.filter((id) => !recorded.has(id));
    console.log(
      `${signal}: ${acked.length} acknowledged, ${recorded.size} recorded, ${missing.length} missing`,
    );
    expect(missing).toEqual([]);
    const verified = await verifyAuditLog(file);
    expect(verified).toMatchObject({ ok: true, records: recorded.size });

    // A restarted server continues the same chain.
    const log = new AuditLog({ file, server: 'crash-test' });
    log.write({
      auditId: 'after-restart',
      tool: 't',
      principal: 'p',
      sessionId: 's',
      requestId: 'r',
      outcome: 'success',
      durationMs: 1,
    });
    await log.close();
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: recorded.size + 1 });
  }, 60_000);
});

it('control: the same test catches a sink that is not durable (plain async winston File, SIGKILL)', async () => {
  const file = join(dir, 'audit.jsonl');
  const { acked } = await runAndKill(file, 'SIGKILL', 'winston-async');
  expect(acked.length).toBeGreaterThanOrEqual(MIN_ACKED);
  const recorded = recordedIds(file);
  const missing = acked.filter((id) => !recorded.has(id)).length;
  console.log(`control (async winston File): ${acked.length} acknowledged, ${missing} missing`);
  expect(missing).toBeGreaterThan(0);
}, 60_000);
