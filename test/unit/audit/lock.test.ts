import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AuditLog, verifyAuditLog } from '../../../src/audit';
import { entry, useTempDir } from './helpers';

const tmp = useTempDir();

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
