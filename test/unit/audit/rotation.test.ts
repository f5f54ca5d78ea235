import { readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog, verifyAuditLog } from '../../../src/audit';
import { entry, useTempDir } from './helpers';

const tmp = useTempDir();
const KEY = 'canary-anchor-key-not-a-real-secret';
const archives = (dir: string) =>
  readdirSync(dir)
    .filter((f) => /^audit\.\d{8}T\d{9}Z(-\d+)?\.jsonl$/.test(f))
    .sort();
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('rotation', () => {
  it('rotates by size and keeps one chain across the files; verify walks the set', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const log = new AuditLog({ file, server: 'docs', rotate: { maxBytes: 2_000 } });
    for (let i = 0; i < 40; i++) log.write(entry(i));
    await log.close();
    const rotated = archives(tmp());
    expect(rotated.length).toBeGreaterThanOrEqual(3);
    for (const name of rotated) expect(statSync(join(tmp(), name)).size).toBeLessThan(2_000 + 500);
    const result = await verifyAuditLog(file);
    expect(result).toMatchObject({ ok: true, records: 40 });
    const files = result.files;
    expect(files).toHaveLength(rotated.length + 1);
    expect(files[files.length - 1]).toBe(file);
    // The first record of each file chains to the last of the previous one.
    for (let i = 1; i < files.length; i++) {
      const last = JSON.parse(lines(files[i - 1]).pop()!) as { hash: string; seq: number };
      expect(JSON.parse(lines(files[i])[0])).toMatchObject({ prevHash: last.hash, seq: last.seq + 1 });
    }
    // The active file alone starts mid-chain.
    expect(await verifyAuditLog(file, { single: true })).toMatchObject({
      ok: false,
      firstBad: { line: 1, code: 'head-missing' },
    });
    // A rotated file removed from the middle breaks the chain at the next file.
    rmSync(files[1]);
    expect(await verifyAuditLog(file)).toMatchObject({
      ok: false,
      firstBad: { file: files[2], line: 1, code: 'chain-broken' },
    });
  });

  it('rotates by age, and a restart on a fresh file continues from the newest rotated file', async () => {
    const file = join(tmp(), 'audit.jsonl');
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = () => new Date(now);
    const a = new AuditLog({ file, server: 'docs', now: clock, rotate: { maxAgeSeconds: 3600 } });
    a.write(entry(1));
    now += 3_599_000;
    a.write(entry(2));
    now += 2_000;
    a.write(entry(3)); // the file's first record is now over an hour old
    await a.close();
    expect(archives(tmp())).toEqual(['audit.20260101T010001000Z.jsonl']);
    expect(lines(file)).toHaveLength(1);
    // Rotated again while stopped-and-restarted: the new empty file continues the chain.
    now += 3_600_000;
    const b = new AuditLog({ file, server: 'docs', now: clock, rotate: { maxAgeSeconds: 3600 } });
    b.write(entry(4));
    await b.close();
    expect(archives(tmp())).toHaveLength(2);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 4 });
    // A crash right after a rename left no active file: the next start continues from the newest archive.
    renameSync(file, join(tmp(), 'audit.20990101T000000000Z.jsonl'));
    const c = new AuditLog({ file, server: 'docs', now: clock });
    expect(c.write(entry(5)).seq).toBe(5);
    await c.close();
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 5 });
  });

  it('ends each rotated file with a signed checkpoint; verify with the key walks the set', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const log = new AuditLog({
      file,
      server: 'docs',
      rotate: { maxBytes: 3_000 },
      anchor: { key: KEY, every: 4 },
    });
    for (let i = 0; i < 30; i++) log.write(entry(i));
    await log.close();
    for (const name of archives(tmp()))
      expect(JSON.parse(lines(join(tmp(), name)).pop()!)).toMatchObject({ reason: 'checkpoint' });
    expect(await verifyAuditLog(file, { anchorKey: KEY })).toMatchObject({ ok: true, unanchored: 0 });
  });

  it('a rotation that fails is reported once and turned off; no record is lost', async () => {
    const fs: typeof import('node:fs') = require('node:fs');
    const file = join(tmp(), 'audit.jsonl');
    const warnings: string[] = [];
    const log = new AuditLog({
      file,
      server: 'docs',
      rotate: { maxBytes: 1_000 },
      anchor: { key: KEY, every: 1000 },
      warn: (m) => warnings.push(m),
    });
    const spy = jest.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    });
    try {
      for (let i = 0; i < 20; i++) log.write(entry(i));
    } finally {
      spy.mockRestore();
    }
    await log.close();
    expect(warnings).toEqual([
      expect.stringMatching(/could not be rotated \(EXDEV.*rotation is off until restart/),
    ]);
    expect(archives(tmp())).toEqual([]);
    // opening checkpoint, one before the failed rotation, 20 records, closing checkpoint
    expect(await verifyAuditLog(file, { anchorKey: KEY })).toMatchObject({ ok: true, records: 23 });
  });
});
