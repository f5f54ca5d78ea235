import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { AuditLog, verifyAuditLog } from '../../../src/audit';
import { entry, useTempDir } from './helpers';

// What an attacker who can write the audit directory (or a careless setup) leaves at the audit path.
const tmp = useTempDir();

describe('AuditLog refuses what is planted at the audit path', () => {
  it('does not follow a symlink at the audit path (the target stays untouched)', () => {
    const victim = join(tmp(), 'bashrc');
    writeFileSync(victim, 'original\n');
    const file = join(tmp(), 'audit.jsonl');
    symlinkSync(victim, file);
    expect(() => new AuditLog({ file, server: 'docs', warn: () => {} })).toThrow(/symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('original\n');
  });

  it('refuses a FIFO at once instead of hanging', () => {
    const file = join(tmp(), 'audit.jsonl');
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
    const started = Date.now();
    expect(() => new AuditLog({ file, server: 'docs', warn: () => {} })).toThrow(/not a regular file/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a file with a second hard link (another name could be used to edit it)', () => {
    const file = join(tmp(), 'audit.jsonl');
    writeFileSync(file, '', { mode: 0o600 });
    linkSync(file, join(tmp(), 'other-name'));
    expect(() => new AuditLog({ file, server: 'docs', warn: () => {} })).toThrow(/hard links/);
  });

  it('tightens a wider file mode, and a private directory, on every open, and says so', async () => {
    const dir = join(tmp(), 'audit');
    const file = join(dir, 'audit.jsonl');
    const warnings: string[] = [];
    const open = () =>
      new AuditLog({ file, server: 'docs', privateDirectory: true, warn: (m) => warnings.push(m) });
    const first = open();
    first.write(entry(1));
    await first.close();
    expect(warnings).toEqual([]);
    chmodSync(file, 0o644);
    chmodSync(dir, 0o755);
    const second = open();
    second.write(entry(2));
    await second.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(warnings).toEqual([
      `audit directory ${dir} had mode 0755; set to 0700`,
      `audit log ${file} had mode 0644; set to 0600`,
    ]);
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 2 });
  });

  it('never chmods a directory the operator chose, and refuses one that others can write to', async () => {
    const dir = join(tmp(), 'shared-logs');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const log = new AuditLog({ file: join(dir, 'audit.jsonl'), server: 'docs', warn: () => {} });
    await log.close();
    expect(statSync(dir).mode & 0o777).toBe(0o755);
    chmodSync(dir, 0o777);
    expect(() => new AuditLog({ file: join(dir, 'audit.jsonl'), server: 'docs' })).toThrow(
      /writable by other users \(mode 0777\)/,
    );
    expect(statSync(dir).mode & 0o777).toBe(0o777);
    // Group-writable (umask 002 with per-user groups): accepted, with a warning naming the group.
    chmodSync(dir, 0o775);
    const warnings: string[] = [];
    await new AuditLog({
      file: join(dir, 'audit.jsonl'),
      server: 'docs',
      warn: (m) => warnings.push(m),
    }).close();
    expect(warnings).toEqual([
      expect.stringMatching(/is group-writable \(mode 0775\): every member of group \d+/),
    ]);
    // Sticky and world-writable (like /tmp): others cannot replace our file there, so it is accepted.
    chmodSync(dir, 0o1777);
    await new AuditLog({ file: join(dir, 'audit.jsonl'), server: 'docs' }).close();
    expect(statSync(dir).mode & 0o7777).toBe(0o1777);
  });

  it('creates a missing directory 0700 and the file 0600', async () => {
    const dir = join(tmp(), 'a', 'b');
    const log = new AuditLog({ file: join(dir, 'audit.jsonl'), server: 'docs' });
    await log.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'audit.jsonl')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'audit.jsonl.lock'))).toBe(false); // released on close
  });

  it('refuses a symlink planted at the anchor file too', () => {
    const victim = join(tmp(), 'victim');
    writeFileSync(victim, 'x');
    mkdirSync(join(tmp(), 'anchors'));
    symlinkSync(victim, join(tmp(), 'anchors', 'a.jsonl'));
    expect(
      () =>
        new AuditLog({
          file: join(tmp(), 'audit.jsonl'),
          server: 'docs',
          anchor: { key: 'canary-anchor-key-not-a-real-secret', file: join(tmp(), 'anchors', 'a.jsonl') },
        }),
    ).toThrow(/symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('x');
  });
});
