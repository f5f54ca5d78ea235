import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AuditLog, verifyAuditLog } from '../../../src/audit';
import { takeOver } from '../../../src/audit/lock';
import { entry, useTempDir } from './helpers';

const tmp = useTempDir();
const CHILDREN = 6;
const REGISTER = join(__dirname, '../../support/register-ts.js');

describe('one writer per audit file', () => {
  it('a second writer on the same file gets a chain of its own next to it, with a warning', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const warnings: string[] = [];
    const a = new AuditLog({ file, server: 'docs', warn: (m) => warnings.push(m) });
    const b = new AuditLog({ file, server: 'docs', warn: (m) => warnings.push(m) });
    expect(a.file).toBe(file);
    expect(b.file).toBe(join(tmp(), `audit.pid${process.pid}.jsonl`));
    expect(warnings).toEqual([expect.stringContaining(`audit log ${file} is in use by this process`)]);
    expect(warnings[0]).toContain(`writes its own hash chain to ${b.file}`);
    for (let i = 0; i < 50; i++) (i % 2 ? a : b).write(entry(i));
    await Promise.all([a.close(), b.close()]);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 25 });
    expect(await verifyAuditLog(b.file)).toMatchObject({ ok: true, records: 25 });
    // Released: the next writer gets the file itself again.
    const c = new AuditLog({ file, server: 'docs', warn: (m) => warnings.push(m) });
    expect(c.file).toBe(file);
    await c.close();
    expect(warnings).toHaveLength(1);
    // A segment that never got a record is removed on close.
    const other = join(tmp(), 'other.jsonl');
    const d = new AuditLog({ file: other, server: 'docs', warn: () => {} });
    const e = new AuditLog({ file: other, server: 'docs', warn: () => {} });
    expect(e.file).toBe(join(tmp(), `other.pid${process.pid}.jsonl`));
    await e.close();
    expect(existsSync(e.file)).toBe(false);
    await d.close();
    expect(existsSync(other)).toBe(true);
  });

  it('takes over a lock left by a process that is gone (SIGKILL)', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(`${file}.lock`, `${dead.stdout} ${hostname()}\n`);
    const warnings: string[] = [];
    const log = new AuditLog({ file, server: 'docs', warn: (m) => warnings.push(m) });
    expect(log.file).toBe(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
    await log.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('of several processes taking over one stale lock at once, exactly one gets the file', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(`${file}.lock`, `${dead.stdout} ${hostname()}\n`);
    const children = Array.from({ length: CHILDREN }, () =>
      spawn(process.execPath, ['-r', REGISTER, join(__dirname, 'lock-child.ts'), file], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const lines = children.map((child) => {
      const queue: string[] = [];
      const waiting: Array<(line: string) => void> = [];
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        for (let nl = out.indexOf('\n'); nl !== -1; nl = out.indexOf('\n')) {
          const line = out.slice(0, nl);
          out = out.slice(nl + 1);
          const next = waiting.shift();
          if (next) next(line);
          else queue.push(line);
        }
      });
      return () =>
        new Promise<string>((resolve) => (queue.length ? resolve(queue.shift()!) : waiting.push(resolve)));
    });
    // All loaded first, then all told to open at once, so that the takeovers race.
    await Promise.all(lines.map((next) => next()));
    for (const child of children) child.stdin.write('go\n');
    const files = await Promise.all(lines.map((next) => next()));
    await Promise.all(
      children.map((child) => {
        const exit = new Promise((resolve) => child.once('exit', resolve));
        child.stdin.end();
        return exit;
      }),
    );
    expect(files.filter((f) => f === file)).toHaveLength(1);
    expect(new Set(files).size).toBe(CHILDREN);
    for (const f of files) expect(await verifyAuditLog(f)).toMatchObject({ ok: true, records: 1 });
  }, 30_000);

  it('a takeover that finds the stale lock already replaced by a live writer leaves that lock in place', () => {
    const lock = join(tmp(), 'audit.jsonl.lock');
    // We saw "4242" (dead) and decided to take over; meanwhile another process took it over first.
    writeFileSync(lock, `77 ${hostname()}\n`);
    expect(takeOver(lock, `4242 ${hostname()}\n`)).toBe(false);
    expect(readFileSync(lock, 'utf8')).toBe(`77 ${hostname()}\n`);
    expect(readdirSync(tmp())).toEqual(['audit.jsonl.lock']);
    // The lock we saw is still there: removed, and the guard with it.
    writeFileSync(lock, `4242 ${hostname()}\n`);
    expect(takeOver(lock, `4242 ${hostname()}\n`)).toBe(true);
    expect(readdirSync(tmp())).toEqual([]);
  });

  it('one takeover at a time: while another process holds the guard, the stale lock counts as held', () => {
    const lock = join(tmp(), 'audit.jsonl.lock');
    writeFileSync(lock, `4242 ${hostname()}\n`);
    writeFileSync(`${lock}.takeover`, `77 ${hostname()}\n`); // another process is taking over right now
    expect(takeOver(lock, `4242 ${hostname()}\n`)).toBe(false);
    expect(readFileSync(lock, 'utf8')).toBe(`4242 ${hostname()}\n`); // not touched
    // A guard left by a process that died holding it is cleared once old, and the next takeover goes ahead.
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${lock}.takeover`, old, old);
    expect(takeOver(lock, `4242 ${hostname()}\n`)).toBe(false);
    expect(takeOver(lock, `4242 ${hostname()}\n`)).toBe(true);
    expect(readdirSync(tmp())).toEqual([]);
  });

  it('leaves a lock held by a live process, or by another host, alone', async () => {
    const file = join(tmp(), 'audit.jsonl');
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      for (const owner of [`${live.pid} ${hostname()}\n`, `1 some-other-host\n`]) {
        writeFileSync(`${file}.lock`, owner);
        const log = new AuditLog({ file, server: 'docs', warn: () => {} });
        expect(log.file).toBe(join(tmp(), `audit.pid${process.pid}.jsonl`));
        await log.close();
        expect(readFileSync(`${file}.lock`, 'utf8')).toBe(owner);
      }
    } finally {
      live.kill();
    }
  });
});
