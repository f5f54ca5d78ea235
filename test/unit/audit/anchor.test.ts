import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Transport from 'winston-transport';
import { AuditLog, canonicalJSON, GENESIS_HASH, hashRecord, verifyAuditLog } from '../../../src/audit';
import { entry, useTempDir } from './helpers';

const tmp = useTempDir();
const KEY = 'canary-anchor-key-not-a-real-secret';
const OTHER_KEY = 'canary-other-anchor-key-not-real';

type Rec = Record<string, unknown>;
const readRecords = (file: string): Rec[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Rec);
const isCheckpoint = (r: Rec) => r.reason === 'checkpoint';

/** What an attacker without the key does: rewrite records, then re-hash and re-number the whole chain. */
function rechain(file: string, records: Rec[]): void {
  let prev = GENESIS_HASH;
  const lines = records.map((r, i) => {
    const { hash: _old, ...rest }: Rec = { ...r, seq: i + 1, prevHash: prev };
    prev = hashRecord(rest);
    return `${canonicalJSON(rest).slice(0, -1)},"hash":"${prev}"}\n`;
  });
  writeFileSync(file, lines.join(''));
}

async function anchoredLog(n: number, every = 5): Promise<{ file: string; anchors: string }> {
  const file = join(tmp(), 'audit.jsonl');
  const anchors = join(tmp(), 'anchors', 'audit-anchors.jsonl');
  const log = new AuditLog({ file, server: 'docs', anchor: { key: KEY, every, file: anchors } });
  for (let i = 0; i < n; i++) log.write(entry(i));
  await log.close();
  return { file, anchors };
}

describe('signed checkpoints (anchors)', () => {
  it('signs the chain at open, every N records and on close; verify checks each signature', async () => {
    const { file, anchors } = await anchoredLog(12);
    const records = readRecords(file);
    expect(records.filter(isCheckpoint).map((r) => r.seq)).toEqual([1, 7, 13, 16]);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(records[6]).toMatchObject({
      tool: 'secure-mcp.audit',
      reason: 'checkpoint',
      args: {
        checkpoint: { v: 1, alg: 'HMAC-SHA256', every: 5, mac: expect.stringMatching(/^[0-9a-f]{64}$/) },
      },
    });
    expect(await verifyAuditLog(file, { anchorKey: KEY, anchorFile: anchors })).toMatchObject({
      ok: true,
      records: 16,
      checkpoints: 4,
      unanchored: 0,
    });
    expect(readFileSync(anchors, 'utf8').trim().split('\n')).toHaveLength(4);
    for (const text of [readFileSync(file, 'utf8'), readFileSync(anchors, 'utf8')])
      expect(text).not.toContain(KEY);
  });

  it('detects a re-chained log (an edit, then every hash recomputed) that the plain chain accepts', async () => {
    const { file, anchors } = await anchoredLog(12);
    const records = readRecords(file);
    (records[3].args as { query: string }).query = 'edited';
    rechain(file, records);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 16 }); // the keyless limit
    expect(await verifyAuditLog(file, { anchorKey: KEY })).toMatchObject({
      ok: false,
      firstBad: { line: 7, auditId: 'checkpoint-7', code: 'checkpoint-invalid' },
    });
    // The anchor file alone (no key) sees it too: its checkpoint heads are not in the rewritten chain.
    expect(await verifyAuditLog(file, { anchorFile: anchors })).toMatchObject({
      ok: false,
      firstBad: { line: 7, code: 'anchor-mismatch' },
    });
  });

  it('detects a re-chained log with the checkpoints left out', async () => {
    const { file } = await anchoredLog(12);
    const records = readRecords(file).filter((r) => !isCheckpoint(r));
    rechain(file, records);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 12 });
    expect(await verifyAuditLog(file, { anchorKey: KEY })).toMatchObject({
      ok: false,
      firstBad: { code: 'checkpoint-missing' },
    });
  });

  it('detects one checkpoint removed from the middle (a longer unsigned run than the writer allows)', async () => {
    const { file } = await anchoredLog(12);
    const records = readRecords(file);
    records.splice(6, 1); // checkpoint-7
    rechain(file, records);
    expect(await verifyAuditLog(file, { anchorKey: KEY })).toMatchObject({
      ok: false,
      firstBad: { line: 7, auditId: 'id-5', code: 'checkpoint-missing' }, // the 6th unsigned record in a row
    });
  });

  it('detects the newest records deleted only with the external anchor file', async () => {
    const { file, anchors } = await anchoredLog(12);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    writeFileSync(file, lines.slice(0, 7).join('\n') + '\n'); // cut right after checkpoint-7
    // Ends on a valid checkpoint: the file alone cannot tell.
    expect(await verifyAuditLog(file, { anchorKey: KEY })).toMatchObject({ ok: true, records: 7 });
    expect(await verifyAuditLog(file, { anchorKey: KEY, anchorFile: anchors })).toMatchObject({
      ok: false,
      records: 7,
      firstBad: { line: 7, code: 'anchor-ahead' },
    });
  });

  it('says "another key" apart from a good log, and refuses short keys', async () => {
    const { file } = await anchoredLog(3);
    expect(await verifyAuditLog(file, { anchorKey: OTHER_KEY })).toMatchObject({
      ok: false,
      firstBad: { line: 1, code: 'checkpoint-invalid' },
    });
    expect(
      () => new AuditLog({ file: join(tmp(), 'x.jsonl'), server: 'docs', anchor: { key: 'short' } }),
    ).toThrow(/shorter than 16/);
  });

  it('signs M seconds after the first unsigned record even when no more calls come', async () => {
    const file = join(tmp(), 'audit.jsonl');
    // Only the timers are faked (the log's file I/O stays real): the test moves time instead of waiting.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const log = new AuditLog({ file, server: 'docs', anchor: { key: KEY, every: 1000, everySeconds: 30 } });
      log.write(entry(1));
      expect(readRecords(file).filter(isCheckpoint)).toHaveLength(1); // the opening one
      jest.advanceTimersByTime(29_000);
      expect(readRecords(file).filter(isCheckpoint)).toHaveLength(1);
      jest.advanceTimersByTime(1_000);
      expect(readRecords(file).map((r) => r.reason ?? r.auditId)).toEqual([
        'checkpoint',
        'id-1',
        'checkpoint',
      ]);
      await log.close();
    } finally {
      jest.useRealTimers();
    }
    expect(await verifyAuditLog(file, { anchorKey: KEY })).toMatchObject({ ok: true, unanchored: 0 });
  });

  it('sends each checkpoint to anchor transports, and a restart signs what the crashed run left', async () => {
    const seen: Rec[] = [];
    class Memory extends Transport {
      override log(info: Rec, next: () => void) {
        seen.push(info);
        next();
      }
    }
    const file = join(tmp(), 'audit.jsonl');
    const a = new AuditLog({
      file,
      server: 'docs',
      anchor: { key: KEY, every: 100, transports: [new Memory()] },
    });
    a.write(entry(1));
    a.write(entry(2));
    // A crash: no close, so no closing checkpoint (release the lock as the dead process's exit would).
    (a as unknown as { lock: { release(): void } }).lock.release();
    expect(await verifyAuditLog(file, { anchorKey: KEY })).toMatchObject({ ok: true, unanchored: 2 });
    const b = new AuditLog({ file, server: 'docs', anchor: { key: KEY, every: 100 } });
    await b.close();
    expect(await verifyAuditLog(file, { anchorKey: KEY })).toMatchObject({
      ok: true,
      records: 4,
      checkpoints: 2,
      unanchored: 0,
    });
    expect(seen).toEqual([
      expect.objectContaining({ type: 'secure-mcp.audit.checkpoint', log: 'audit.jsonl', seq: 1 }),
    ]);
  });
});
