import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog, canonicalJSON, GENESIS_HASH, hashRecord, verifyAuditLog } from '../../../src/audit';
import { entry, useTempDir } from './helpers';

const tmp = useTempDir();

async function logWith(n: number): Promise<{ file: string; lines: string[] }> {
  const file = join(tmp(), 'audit.jsonl');
  const log = new AuditLog({ file, server: 'docs' });
  for (let i = 0; i < n; i++) log.write(entry(i));
  await log.close();
  return { file, lines: readFileSync(file, 'utf8').split('\n').slice(0, -1) };
}

/** The writer's byte form of a parsed line (sorted keys, hash last). */
const canonicalLine = (line: string): string => {
  const { hash, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return `${canonicalJSON(rest).slice(0, -1)},"hash":"${String(hash)}"}`;
};

const save = (file: string, lines: string[]) => writeFileSync(file, lines.map((l) => l + '\n').join(''));

describe('verifyAuditLog', () => {
  it('accepts an intact log and an empty file', async () => {
    const { file, lines } = await logWith(5);
    const result = await verifyAuditLog(file);
    expect(result).toMatchObject({ ok: true, records: 5, lastHash: JSON.parse(lines[4]).hash });
    writeFileSync(file, '');
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 0, lastHash: GENESIS_HASH });
  });

  it('finds a modified record', async () => {
    const { file, lines } = await logWith(5);
    lines[2] = lines[2].replace('"outcome":"success"', '"outcome":"denied"');
    save(file, lines);
    expect(await verifyAuditLog(file)).toMatchObject({
      ok: false,
      records: 2,
      firstBad: { line: 3, auditId: 'id-2', code: 'modified' },
    });
  });

  it('finds a deleted record', async () => {
    const { file, lines } = await logWith(5);
    lines.splice(2, 1);
    save(file, lines);
    expect(await verifyAuditLog(file)).toMatchObject({
      ok: false,
      firstBad: { line: 3, auditId: 'id-3', code: 'chain-broken' },
    });
  });

  it('finds records deleted from the start', async () => {
    const { file, lines } = await logWith(5);
    save(file, lines.slice(2));
    expect(await verifyAuditLog(file)).toMatchObject({
      ok: false,
      firstBad: { line: 1, code: 'head-missing' },
    });
  });

  it('finds an inserted record even when its own hash is right', async () => {
    const { file, lines } = await logWith(5);
    const prev = JSON.parse(lines[1]);
    const forged: Record<string, unknown> = {
      ...JSON.parse(lines[2]),
      auditId: 'forged',
      prevHash: prev.hash,
    };
    forged.hash = hashRecord(forged);
    lines.splice(2, 0, JSON.stringify(forged));
    save(file, lines);
    // The forged line chains correctly; the next genuine record does not chain to it.
    expect(await verifyAuditLog(file)).toMatchObject({
      ok: false,
      records: 3,
      firstBad: { line: 4, auditId: 'id-2', code: 'chain-broken' },
    });
  });

  it('finds reordered records', async () => {
    const { file, lines } = await logWith(5);
    [lines[1], lines[2]] = [lines[2], lines[1]];
    save(file, lines);
    expect(await verifyAuditLog(file)).toMatchObject({
      ok: false,
      firstBad: { line: 2, auditId: 'id-2', code: 'chain-broken' },
    });
  });

  it('reports a torn last line as truncated', async () => {
    const { file, lines } = await logWith(3);
    save(file, lines);
    appendFileSync(file, lines[2].slice(0, 40).replace('id-2', 'id-3'));
    expect(await verifyAuditLog(file)).toMatchObject({
      ok: false,
      records: 3,
      firstBad: { line: 4, code: 'truncated' },
    });
  });

  it('reports non-JSON lines, empty lines and JSON that is not a record', async () => {
    const { file, lines } = await logWith(3);
    save(file, [...lines.slice(0, 1), 'garbage', ...lines.slice(1)]);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: false, firstBad: { line: 2, code: 'not-json' } });
    save(file, [...lines.slice(0, 1), '', ...lines.slice(1)]);
    expect(await verifyAuditLog(file)).toMatchObject({
      ok: false,
      firstBad: { line: 2, code: 'empty-line' },
    });
    save(file, [...lines.slice(0, 1), '{"auditId":"x"}', ...lines.slice(1)]);
    expect(await verifyAuditLog(file)).toMatchObject({
      ok: false,
      firstBad: { line: 2, auditId: 'x', code: 'not-a-record' },
    });
  });

  it('reads lines that span the stream chunks (1 MiB) of a large file', async () => {
    const file = join(tmp(), 'big.jsonl');
    const log = new AuditLog({ file, server: 'docs' });
    for (let i = 0; i < 700; i++)
      log.write(entry(i, { args: { s: 'x'.repeat(1000), t: 'y'.repeat(1000), u: 'z'.repeat(1000) } }));
    await log.close();
    expect(readFileSync(file).length).toBeGreaterThan(2 * 1024 * 1024);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 700 });
  });

  it('refuses lines the writer never produces, even when they parse to the same record', async () => {
    const { file, lines } = await logWith(3);
    const line = lines[1];
    const record = JSON.parse(line) as Record<string, unknown>;
    const variants: Record<string, string> = {
      'duplicate key': line.replace('{"args":', '{"outcome":"denied","args":'),
      'reordered keys': JSON.stringify({ hash: record.hash, ...record }),
      'escaped character': line.replace('"tool":"search_docs"', '"tool":"search\\u005fdocs"'),
      whitespace: line.replace('"tool":', '"tool": '),
      CRLF: line + '\r',
      'number re-encoded': line.replace('"durationMs":1.5', '"durationMs":1.50'),
      'number in exponent form': line.replace('"durationMs":1.5', '"durationMs":15e-1'),
    };
    for (const [name, variant] of Object.entries(variants)) {
      expect([name, variant]).not.toEqual([name, line]);
      // Same record once parsed: a verifier hashing parsed objects accepted every one of these.
      expect([name, hashRecord(JSON.parse(variant))]).toEqual([name, record.hash]);
      save(file, [lines[0], variant, lines[2]]);
      expect([name, await verifyAuditLog(file)]).toMatchObject([
        name,
        { ok: false, records: 1, firstBad: { line: 2, auditId: 'id-1', code: 'not-canonical' } },
      ]);
    }
    save(file, lines);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 3 });
  });

  it('refuses a record whose seq does not follow, even when re-hashed and re-chained', async () => {
    const { file, lines } = await logWith(3);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    records[1].seq = 7;
    let prev = GENESIS_HASH;
    const rechained = records.map((r) => {
      const { hash: _old, ...rest }: Record<string, unknown> = { ...r, prevHash: prev };
      prev = hashRecord(rest);
      return canonicalLine(JSON.stringify({ ...rest, hash: prev }));
    });
    save(file, rechained);
    expect(await verifyAuditLog(file)).toMatchObject({
      ok: false,
      firstBad: { line: 2, code: 'seq-broken' },
    });
  });

  it('refuses a FIFO or a device instead of waiting on it forever (log and anchor file)', async () => {
    const fifo = join(tmp(), 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await expect(verifyAuditLog(fifo)).rejects.toThrow(/not a regular file/);
    await expect(verifyAuditLog('/dev/zero', { single: true })).rejects.toThrow(/not a regular file/);
    const { file } = await logWith(2);
    await expect(verifyAuditLog(file, { anchorFile: fifo })).rejects.toThrow(/not a regular file/);
  });

  it('rejects when the file does not exist', async () => {
    await expect(verifyAuditLog(join(tmp(), 'missing.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});
