import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { transports } from 'winston';
import Transport from 'winston-transport';
import {
  AUDIT_SELF_TOOL,
  AuditLog,
  GENESIS_HASH,
  hashRecord,
  verifyAuditLog,
  type AuditRecord,
} from '../../../src/audit';
import { entry, useTempDir } from './helpers';

// The CommonJS module object itself, so that jest.spyOn reaches the library's calls.
const fs: typeof import('node:fs') = require('node:fs');
const tmp = useTempDir();
// NEL, line/paragraph separators, zero-width space/joiners, word joiner, BOM, soft hyphen, a C1 control.
const TRICKS = '\u0085\u2028\u2029\u200b\u200c\u200d\u2060\ufeff\u00ad\u009b';
const read = (file: string): AuditRecord[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('AuditLog', () => {
  it('writes one chained JSON line per record, on disk when write() returns', async () => {
    const file = join(tmp(), 'nested', 'dir', 'audit.jsonl');
    const log = new AuditLog({ file, server: 'docs', now: () => new Date('2026-01-01T00:00:00Z') });
    const first = log.write(entry(1, { outcome: 'denied', reason: 'rate-limit' }));
    // No flush, no close: another reader sees the line now.
    expect(read(file)).toEqual([first]);
    const second = log.write(entry(2));
    expect(first).toMatchObject({
      auditId: 'id-1',
      time: '2026-01-01T00:00:00.000Z',
      server: 'docs',
      tool: 'search_docs',
      outcome: 'denied',
      reason: 'rate-limit',
      prevHash: GENESIS_HASH,
    });
    expect(first.hash).toBe(hashRecord(first));
    expect(second.prevHash).toBe(first.hash);
    expect(log.head).toBe(second.hash);
    await log.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 2 });
  });

  it('continues the chain of an existing file after a restart', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const a = new AuditLog({ file, server: 'docs' });
    const last = a.write(entry(1));
    await a.close();
    const b = new AuditLog({ file, server: 'docs' });
    expect(b.write(entry(2)).prevHash).toBe(last.hash);
    await b.close();
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 2 });
  });

  it('reads only the tail of a large file on open', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const a = new AuditLog({ file, server: 'docs' });
    for (let i = 0; i < 5000; i++) a.write(entry(i, { args: { s: 'x'.repeat(1000) } }));
    await a.close();
    expect(fs.statSync(file).size).toBeGreaterThan(5_000_000);
    const spy = jest.spyOn(fs, 'readSync');
    try {
      const b = new AuditLog({ file, server: 'docs' });
      const bytes = spy.mock.calls.reduce((sum, call) => sum + ((call as unknown[])[3] as number), 0);
      expect(spy).toHaveBeenCalled();
      expect(bytes).toBeLessThanOrEqual(128 * 1024);
      b.write(entry(5000));
      await b.close();
    } finally {
      spy.mockRestore();
    }
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 5001 });
  });

  it('repairs a torn last line on open and records the repair in the chain', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const a = new AuditLog({ file, server: 'docs' });
    a.write(entry(1));
    const torn = JSON.stringify(a.write(entry(2))).slice(0, 50);
    await a.close();
    // Simulate an OS crash mid-write: the third record is half there.
    fs.appendFileSync(file, torn.replace('id-2', 'id-3'));
    expect(await verifyAuditLog(file)).toMatchObject({ ok: false, firstBad: { line: 3, code: 'truncated' } });

    const b = new AuditLog({ file, server: 'docs' });
    b.write(entry(4));
    await b.close();
    const records = read(file);
    expect(records.map((r) => r.auditId)).toEqual([
      'id-1',
      'id-2',
      expect.stringMatching(/^repair-/),
      'id-4',
    ]);
    expect(records[2]).toMatchObject({
      tool: AUDIT_SELF_TOOL,
      outcome: 'error',
      args: { fragment: torn.replace('id-2', 'id-3') },
    });
    expect(records[2].reason).toMatch(/torn last line \(50 bytes\)/);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 4 });
  });

  it('terminates a complete last record that lost only its newline', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const a = new AuditLog({ file, server: 'docs' });
    a.write(entry(1));
    await a.close();
    fs.truncateSync(file, fs.statSync(file).size - 1);
    const b = new AuditLog({ file, server: 'docs' });
    b.write(entry(2));
    await b.close();
    expect(read(file).map((r) => r.auditId)).toEqual(['id-1', 'id-2']);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 2 });
  });

  it('refuses to start on a file whose last line is not a record', () => {
    const file = join(tmp(), 'audit.jsonl');
    fs.writeFileSync(file, 'hello\n');
    expect(() => new AuditLog({ file, server: 'docs' })).toThrow(/last line is not an audit record/);
  });

  it('cannot be forged through CR/LF or control characters in any value', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const log = new AuditLog({ file, server: 'docs' });
    const forged = `x\n{"auditId":"forged","outcome":"success","prevHash":"${'0'.repeat(64)}","hash":"${'f'.repeat(64)}"}\r\n`;
    log.write(
      entry(1, {
        args: { q: forged, [forged]: 1 },
        reason: forged,
        principal: `eve\u2028\u202e\u0000\u001b[2J`,
        sessionId: TRICKS,
      }),
    );
    log.write(entry(2));
    await log.close();
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')).toHaveLength(3); // two lines and the final empty piece
    for (const raw of ['\u2028', '\u202e', '\u0000', '\u001b', '\r', ...TRICKS])
      expect([raw, text.includes(raw)]).toEqual([raw, false]);
    expect(text).toContain('\\u0085'); // written as an escape, which JSON.parse turns back
    const [first] = read(file);
    expect((first.args as { q: string }).q).toBe(forged); // preserved, just escaped
    expect(first.principal).toBe('eve\u2028\u202e\u0000\u001b[2J');
    expect(first.sessionId).toBe(TRICKS);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 2 });
  });

  it('writes a verifiable record for any args and any strings (property)', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const log = new AuditLog({ file, server: 'docs', maxArgBytes: 2048, maxStringLength: 100 });
    let n = 0;
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withNullPrototype: true }),
        fc.string({ unit: 'binary' }),
        (args, text) => {
          const rec = log.write(entry(n++, { args, reason: text, principal: text }));
          expect(JSON.parse(JSON.stringify(rec))).toEqual(
            JSON.parse(fs.readFileSync(file, 'utf8').trimEnd().split('\n').pop()!),
          );
        },
      ),
      { numRuns: 300 },
    );
    await log.close();
    expect(await verifyAuditLog(file)).toEqual(expect.objectContaining({ ok: true, records: n }));
    expect(fs.readFileSync(file, 'utf8').split('\n')).toHaveLength(n + 1);
  });

  it('scrubs known secrets from every field and redacts @Sensitive paths', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const scrub = (s: string) => s.split('CANARY-123').join('[REDACTED]');
    const log = new AuditLog({ file, server: 'docs', scrub });
    log.write(
      entry(1, {
        principal: 'CANARY-123',
        reason: 'failed with CANARY-123',
        args: { token: 'plain', note: 'see CANARY-123', nested: { pw: 'x' } },
        sensitive: ['token', 'nested.pw'],
      }),
    );
    await log.close();
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('CANARY-123');
    expect(read(file)[0].args).toEqual({
      token: '[REDACTED]',
      note: 'see [REDACTED]',
      nested: { pw: '[REDACTED]' },
    });
  });

  it('caps strings and args with the configured limits', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const log = new AuditLog({ file, server: 'docs', maxStringLength: 64, maxArgBytes: 256 });
    const [a, b] = [
      log.write(entry(1, { reason: 'r'.repeat(500), args: { s: 's'.repeat(500) } })),
      log.write(entry(2, { args: { list: Array.from({ length: 100 }, (_, i) => i) } })),
    ];
    await log.close();
    expect(a.reason!.length).toBeLessThanOrEqual(64);
    expect((a.args as { s: string }).s.length).toBeLessThanOrEqual(64);
    expect(b.args).toMatchObject({ '[truncated]': 'args larger than 256 bytes' });
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true });
  });

  it('omits args when not given and rejects unknown outcomes', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const log = new AuditLog({ file, server: 'docs' });
    expect('args' in log.write(entry(1, { args: undefined }))).toBe(false);
    expect(() => log.write(entry(2, { outcome: 'ok' as never }))).toThrow(/invalid audit outcome/);
    await log.close();
  });

  it('refuses writes after close, and close is idempotent', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const log = new AuditLog({ file, server: 'docs' });
    await Promise.all([log.close(), log.close()]);
    expect(() => log.write(entry(1))).toThrow(/closed/);
  });

  it('throws (and leaves no torn line) when the file cannot be written', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const log = new AuditLog({ file, server: 'docs' });
    log.write(entry(1));
    const realWrite = fs.writeSync;
    // A partial write (10 bytes), then the disk is full.
    const spy = jest
      .spyOn(fs, 'writeSync')
      .mockImplementationOnce(((fd: number, buf: Buffer, offset: number) =>
        realWrite(fd, buf, offset, 10)) as never)
      .mockImplementationOnce(() => {
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      });
    try {
      expect(() => log.write(entry(2))).toThrow(/ENOSPC/);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
    log.write(entry(3));
    await log.close();
    expect(read(file).map((r) => r.auditId)).toEqual(['id-1', 'id-3']);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 2 });
  });

  it('copies records to extra winston transports and flushes them on close', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const copy = join(tmp(), 'copy.jsonl');
    const seen: Record<string, unknown>[] = [];
    class Memory extends Transport {
      override log(info: Record<string, unknown>, next: () => void) {
        seen.push(info);
        next();
      }
    }
    const log = new AuditLog({
      file,
      server: 'docs',
      transports: [new Memory(), new transports.File({ filename: copy })],
    });
    const rec = log.write(entry(1));
    await log.close();
    expect(seen).toEqual([expect.objectContaining({ level: 'info', message: 'audit', ...rec })]);
    expect(JSON.parse(fs.readFileSync(copy, 'utf8'))).toMatchObject({ auditId: 'id-1', hash: rec.hash });
  });

  it('copies records to a plain { log(entry, done) } transport; close waits for done, a throwing one is skipped', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const delivered: Record<string, unknown>[] = [];
    let closed = 0;
    const siem = {
      // Delivers asynchronously, as a network sink does; close() must wait for it.
      log(entry: Record<string, unknown>, done: () => void) {
        setTimeout(() => {
          delivered.push(entry);
          done();
        }, 30);
      },
      close() {
        closed++;
      },
    };
    const broken = {
      log() {
        throw new Error('the SIEM is down');
      },
    };
    const log = new AuditLog({ file, server: 'docs', transports: [broken, siem] });
    const records = [log.write(entry(1)), log.write(entry(2))];
    await log.close();
    expect(delivered).toEqual(
      records.map((r) => expect.objectContaining({ level: 'info', message: 'audit', ...r })),
    );
    expect(closed).toBe(1);
    expect(read(file)).toEqual(records);
  });

  it('says what a transport without a log method lacks', () => {
    const file = join(tmp(), 'audit.jsonl');
    expect(() => new AuditLog({ file, server: 'docs', transports: [{ level: 'info' }] })).toThrow(
      'a log transport needs a log(entry, done) method (or use a winston transport)',
    );
  });

  it('refuses transports that write to stdout', () => {
    const file = join(tmp(), 'audit.jsonl');
    expect(() => new AuditLog({ file, server: 'docs', transports: [new transports.Console()] })).toThrow(
      /stdout/,
    );
    expect(
      () =>
        new AuditLog({
          file,
          server: 'docs',
          transports: [new transports.Stream({ stream: process.stdout })],
        }),
    ).toThrow(/stdout/);
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const ok = new AuditLog({
      file,
      server: 'docs',
      transports: [
        new transports.Console({ stderrLevels: ['info'] }),
        new transports.Stream({ stream: sink }),
      ],
    });
    return ok.close();
  });
});
