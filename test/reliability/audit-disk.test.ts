import 'reflect-metadata';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsInt } from 'class-validator';
import { Audit, Tool } from '../../src';
import { createTestClient } from '../../src/testing';
import { auditVerify, readRecords, SERVER } from './spawned';

class CountInput {
  @IsInt() n!: number;
}
let executed = 0;
@Tool({ name: 'count', description: 'Audited echo', input: CountInput })
@Audit()
class CountTool {
  execute(input: CountInput) {
    executed++;
    return String(input.n);
  }
}

const text = (result: unknown) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? [])[0]?.text ?? '';

/** A real, tiny file system: a tmpfs mounted for the test (needs root and mount(2), as in this project's CI). */
function mountTiny(kib: number): { dir: string; grow(kib: number): void; unmount(): void } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'reliability-tmpfs-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir]).status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    dir,
    grow: (size) => void spawnSync('mount', ['-o', `remount,size=${size}k`, dir]),
    unmount: () => {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
/** A real ext2 file system in a loop-mounted image, where `chattr +i` makes a file unwritable even through open descriptors. */
function mountExt2(): { dir: string; unmount(): void } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'reliability-ext2-'));
  const image = `${dir}.img`;
  const ok =
    spawnSync('truncate', ['-s', '4M', image]).status === 0 &&
    spawnSync('mkfs.ext2', ['-q', '-F', image]).status === 0 &&
    spawnSync('mount', ['-o', 'loop', image, dir]).status === 0;
  const unmount = () => {
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(image, { force: true });
  };
  if (!ok) {
    unmount();
    return undefined;
  }
  chmodSync(dir, 0o700);
  return { dir, unmount };
}

const tiny = mountTiny(1);
if (tiny) tiny.unmount();
else
  console.warn(
    'mount(2) not permitted: the real disk-full test is SKIPPED (the sink-injection test in test/integration/security.test.ts still runs)',
  );
const itWithMount = tiny ? it : it.skip;

describe('audit disk full and unwritable (reliability)', () => {
  itWithMount(
    'disk full mid-run: no result without its record, a clear error, the log verifies, recording resumes when space returns',
    async () => {
      const fs = mountTiny(64)!;
      try {
        executed = 0;
        const auditFile = join(fs.dir, 'audit.jsonl');
        const t = await createTestClient({ tools: [CountTool], audit: { file: auditFile } });
        const answers: string[] = [];
        for (let n = 0; n < 400; n++) answers.push(text(await t.callTool('count', { n })));
        const served = answers.filter((a) => /^\d+$/.test(a));
        const withheld = answers.filter((a) =>
          a.startsWith('the audit log is unavailable, so the result of count is withheld'),
        );
        expect(served.length + withheld.length).toBe(400); // every call answered one way or the other
        expect(withheld.length).toBeGreaterThan(0); // the disk did fill up
        expect(executed).toBe(400);
        // Nothing acknowledged without its record: the served answers are exactly the recorded ones.
        expect(readRecords(auditFile).map((r) => String((r.args as { n: number }).n))).toEqual(served);
        expect(auditVerify(auditFile).status).toBe(0);

        fs.grow(1024);
        expect(text(await t.callTool('count', { n: 1000 }))).toBe('1000');
        await t.close();
        expect(readRecords(auditFile).at(-1)).toMatchObject({ outcome: 'success', args: { n: 1000 } });
        expect(auditVerify(auditFile).status).toBe(0);
      } finally {
        fs.unmount();
      }
    },
  );

  itWithMount(
    'audit file made unwritable mid-run (immutable on a real ext2): calls fail closed, recording resumes after',
    async () => {
      const fs = mountExt2();
      if (!fs) return console.warn('loop mount unavailable: unwritable-mid-run test not run');
      try {
        executed = 0;
        const auditFile = join(fs.dir, 'audit.jsonl');
        const t = await createTestClient({ tools: [CountTool], audit: { file: auditFile } });
        expect(text(await t.callTool('count', { n: 1 }))).toBe('1');
        expect(spawnSync('chattr', ['+i', auditFile]).status).toBe(0);
        try {
          for (let n = 2; n < 12; n++)
            expect(text(await t.callTool('count', { n }))).toMatch(
              /^the audit log is unavailable, so the result of count is withheld \(reference: [0-9a-f-]+\)$/,
            );
        } finally {
          spawnSync('chattr', ['-i', auditFile]);
        }
        expect(text(await t.callTool('count', { n: 12 }))).toBe('12');
        await t.close();
        expect(executed).toBe(12);
        expect(readRecords(auditFile).map((r) => (r.args as { n: number }).n)).toEqual([1, 12]);
        expect(auditVerify(auditFile).status).toBe(0);
      } finally {
        fs.unmount();
      }
    },
  );

  it('audit file unwritable at start: the server refuses to start with a clear error, nothing is served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reliability-ro-'));
    // The directory belongs to the service account (its lock file can be made); the audit file is read-only.
    if (process.getuid?.() === 0) chownSync(dir, 65534, 65534);
    const auditFile = join(dir, 'audit.jsonl');
    writeFileSync(auditFile, '');
    chmodSync(auditFile, 0o444);
    // As root every file is writable: run the server as `nobody`, like a service account without access.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawn(process.execPath, [SERVER], {
      env: { ...process.env, REL_AUDIT: auditFile },
      stdio: 'pipe',
      ...asNobody,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.on('error', () => {});
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } })}\n`,
    );
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/audit/i);
    expect(stderr).toMatch(/EACCES|permission/i);
    expect(stdout).not.toMatch(/"result"/);
    process.stderr.write(`unwritable audit at start: ${stderr.split('\n').find((l) => /audit/i.test(l))}\n`);
  });
});
