// Records/s the audit sink sustains. Asserts nothing; prints a table.
// node -r ./test/integration/audit-crash/register-ts.js bench/audit-sink.ts [records]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger, format, transports } from 'winston';
import { AuditLog, verifyAuditLog, type AuditEntry } from '../src/audit';

const N = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'audit-bench-'));
const scrub = (s: string) =>
  s.includes('sk-live-CANARY') ? s.split('sk-live-CANARY').join('[REDACTED]') : s;

function entry(i: number): AuditEntry {
  return {
    auditId: `a${i}`,
    tool: 'search_docs',
    principal: 'alice',
    sessionId: 'session-1',
    requestId: String(i),
    outcome: 'success',
    durationMs: 1.25,
    // A typical call: a few fields, one sensitive, one nested object.
    args: {
      query: `find invoices for customer ${i}`,
      customerId: 'c-123',
      limit: 10,
      filters: { year: 2026, tags: ['a', 'b'] },
    },
    sensitive: ['customerId'],
  };
}

async function run(name: string, n: number, make: (file: string) => AuditLog): Promise<void> {
  const file = join(dir, `${name.replace(/\W+/g, '-')}.jsonl`);
  const log = make(file);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) log.write(entry(i));
  const written = performance.now();
  await log.close();
  const closed = performance.now();
  const v0 = performance.now();
  const verified = await verifyAuditLog(file);
  const v1 = performance.now();
  console.log(
    `${name.padEnd(34)} ${String(n).padStart(7)} records  ${fmt(n / ((written - t0) / 1000))} rec/s write` +
      `  (close ${(closed - written).toFixed(0)} ms, ${(statSync(file).size / n).toFixed(0)} B/rec)` +
      `  verify ${fmt(n / ((v1 - v0) / 1000))} rec/s ok=${verified.ok}`,
  );
}

async function winstonOnly(n: number): Promise<void> {
  // For comparison: a plain winston File transport (asynchronous: records are NOT on disk when log() returns).
  const logger = createLogger({
    format: format.json(),
    transports: [new transports.File({ filename: join(dir, 'w.jsonl') })],
  });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) logger.info('audit', entry(i));
  const written = performance.now();
  await new Promise((r) => {
    logger.on('finish', r);
    logger.end();
  });
  const done = performance.now();
  console.log(
    `${'winston File only (async, no chain)'.padEnd(34)} ${String(n).padStart(7)} records  ${fmt(n / ((written - t0) / 1000))} rec/s log()` +
      `  (${fmt(n / ((done - t0) / 1000))} rec/s to flushed)`,
  );
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(9);

(async () => {
  console.log(`node ${process.version}, ${process.platform}, temp dir ${dir}`);
  await run('AuditLog file (writeSync)', N, (file) => new AuditLog({ file, server: 'bench', scrub }));
  await run(
    'AuditLog file + anchor every 1000',
    N,
    (file) =>
      new AuditLog({
        file,
        server: 'bench',
        scrub,
        anchor: { key: 'canary-bench-anchor-key-not-real', every: 1000 },
      }),
  );
  await run(
    'AuditLog file + winston File copy',
    N,
    (file) =>
      new AuditLog({
        file,
        server: 'bench',
        scrub,
        transports: [new transports.File({ filename: `${file}.copy` })],
      }),
  );
  await run(
    'AuditLog file, fsync per record',
    Math.min(N, 2_000),
    (file) => new AuditLog({ file, server: 'bench', scrub, fsync: true }),
  );
  await winstonOnly(N);
  rmSync(dir, { recursive: true, force: true });
})();
