import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../../../src/errors';
import { OUTSIDE_ROOTS, SafeFs } from '../../../src/security/paths';
import { LINK_LEAVES, LINK_LOOP } from '../../../src/security/paths/errors';
import { withPinnedDir } from '../../../src/security/paths/pinned';
import { type Sandbox, leaks, makeSandbox } from '../../attacks/paths/sandbox';

// Issue 11: item 9 (an out-of-root symlink made stat/exists an oracle for the host), and from item 10 deep
// paths (quadratic work, no stop at the call's timeout) and legitimate names ending in " (deleted)".

let box: Sandbox;
let safe: SafeFs;
let outside: string;

beforeEach(() => {
  box = makeSandbox();
  safe = new SafeFs({ roots: [box.root] });
  // Outside the root: a file, a directory, a link loop; `missing` does not exist.
  outside = path.join(box.base, 'elsewhere');
  fs.mkdirSync(path.join(outside, 'dir'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'file.txt'), 'outside');
  fs.symlinkSync('loop-b', path.join(outside, 'loop-a'));
  fs.symlinkSync('loop-a', path.join(outside, 'loop-b'));
  fs.symlinkSync(outside, path.join(box.root, 'out')); // the out-of-root link inside the root
});
afterEach(() => box.cleanup());

/** What a method answers, as the client would see it. */
async function answer(attempt: () => Promise<unknown>): Promise<string> {
  return attempt().then(
    (value) => `answered ${JSON.stringify(value)}`,
    (error: unknown) => {
      expect(error).toBeInstanceOf(ToolError);
      expect(leaks((error as Error).message, box)).toBe(false);
      return `refused: ${(error as Error).message}`;
    },
  );
}

describe('an out-of-root symlink is no oracle for the host (issue 11, item 9)', () => {
  // Targets that exist as a file, as a directory, that are missing, that loop; each probed directly and as a
  // directory on the way (`file.txt/x` used to answer "not a directory", `missing/x` "outside").
  const probes = [
    'out/file.txt',
    'out/file.txt/x',
    'out/dir',
    'out/dir/x',
    'out/missing',
    'out/missing/x',
    'out/loop-a',
    'out/loop-a/x',
    'out',
  ];

  it.each(['stat', 'exists', 'list', 'readText', 'readBytes', 'resolve'] as const)(
    '%s answers "outside" for every target, whatever exists there',
    async (method) => {
      const answers = await Promise.all(probes.map((p) => answer(() => safe[method](p))));
      expect(answers).toEqual(probes.map(() => `refused: ${LINK_LEAVES}`));
    },
  );

  it.each([
    ['remove', (p: string) => safe.remove(`${p}/x`)],
    ['mkdir', (p: string) => safe.mkdir(`${p}/x`)],
    ['mkdir recursive', (p: string) => safe.mkdir(`${p}/x/y`, { recursive: true })],
    ['writeText', (p: string) => safe.writeText(`${p}/x`, 'w')],
  ])(
    '%s below the link answers "outside" for every target and changes nothing there',
    async (_name, write) => {
      const before = box.outside();
      const answers = await Promise.all(probes.map((p) => answer(() => write(p))));
      expect(answers).toEqual(probes.map(() => `refused: ${LINK_LEAVES}`));
      expect(box.outside()).toEqual(before);
    },
  );

  it('dangling links: one to a missing place outside is refused like one to an existing place', async () => {
    fs.symlinkSync(path.join(outside, 'missing'), path.join(box.root, 'dangling-out'));
    fs.symlinkSync(path.join(outside, 'file.txt'), path.join(box.root, 'file-out'));
    for (const method of ['readText', 'stat', 'exists', 'list'] as const) {
      expect(await answer(() => safe[method]('dangling-out'))).toBe(`refused: ${LINK_LEAVES}`);
      expect(await answer(() => safe[method]('file-out'))).toBe(`refused: ${LINK_LEAVES}`);
    }
  });

  it('never looks at anything outside the roots (no system call on an outside path)', async () => {
    const seen: string[] = [];
    const spies = (['lstat', 'stat', 'readlink', 'realpath', 'open', 'readdir'] as const).map((name) => {
      const original = fsp[name] as (...args: unknown[]) => Promise<unknown>;
      return jest.spyOn(fsp, name).mockImplementation(((p: unknown, ...rest: unknown[]) => {
        seen.push(String(p));
        return original.call(fsp, p, ...rest);
      }) as never);
    });
    try {
      for (const p of probes) await answer(() => safe.exists(p));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(seen.filter((p) => p.startsWith(outside))).toEqual([]);
    // Nor through the link: only the link itself is read.
    expect(seen.filter((p) => p.startsWith(path.join(box.root, 'out') + path.sep))).toEqual([]);
  });

  it('links that stay inside, or leave and come back into a root, still work', async () => {
    fs.symlinkSync('sub', path.join(box.root, 'rel-in'));
    fs.symlinkSync(path.join(box.root, 'sub'), path.join(box.root, 'abs-in'));
    fs.symlinkSync('../root/sub', path.join(box.root, 'via-parent'));
    fs.symlinkSync('sub/deeper/../../hello.txt', path.join(box.root, 'dotted'));
    for (const p of ['rel-in/inner.txt', 'abs-in/inner.txt', 'via-parent/inner.txt']) {
      await expect(safe.readText(p)).resolves.toBe('inner inside');
    }
    await expect(safe.readText('dotted')).resolves.toBe('hello inside');
    await expect(safe.exists('rel-in/nope')).resolves.toBe(false);
    await safe.mkdir('abs-in/made/deep', { recursive: true });
    expect(fs.statSync(path.join(box.root, 'sub', 'made', 'deep')).isDirectory()).toBe(true);
  });

  it('a link into a second root is followed; one to the roots\u2019 parent is not', async () => {
    const second = path.join(box.base, 'second');
    fs.mkdirSync(second);
    fs.writeFileSync(path.join(second, 'two.txt'), 'two');
    fs.symlinkSync('../second', path.join(box.root, 'to-second'));
    fs.symlinkSync('..', path.join(box.root, 'to-parent'));
    const multi = new SafeFs({ roots: [box.root, second] });
    await expect(multi.readText('to-second/two.txt')).resolves.toBe('two');
    expect(await answer(() => multi.stat('to-parent/secret.txt'))).toBe(`refused: ${LINK_LEAVES}`);
    expect(await answer(() => multi.stat('to-parent/nothing'))).toBe(`refused: ${LINK_LEAVES}`);
  });

  it('unreadable targets answer like the others, for an unprivileged server', () => {
    // root reads everything: run the probes as "nobody" in a child process.
    fs.mkdirSync(path.join(outside, 'locked', 'inner'), { recursive: true });
    fs.chmodSync(path.join(outside, 'locked'), 0o000);
    for (const dir of [box.base, box.root, outside]) fs.chmodSync(dir, 0o755);
    const out = execFileSync(
      process.execPath,
      [
        '-r',
        path.join(__dirname, '../../support/register-ts.js'),
        path.join(__dirname, 'oracle-child.ts'),
        box.root,
        'out/locked',
        'out/locked/inner',
        'out/file.txt',
        'out/missing/x',
      ],
      { uid: 65534, gid: 65534, encoding: 'utf8' },
    );
    const answers = JSON.parse(out) as string[];
    expect(answers).toHaveLength(12);
    expect(new Set(answers)).toEqual(new Set([`ToolError: ${LINK_LEAVES}`]));
  });
});

describe('deep paths (issue 11, item 10)', () => {
  const DEPTH = 600;

  /** Counts file-system calls; realpath(3) costs one lookup per component, so it counts that many. */
  async function countCalls(work: () => Promise<unknown>): Promise<number> {
    let calls = 0;
    const spies = (['lstat', 'stat', 'readlink', 'open', 'mkdir', 'realpath'] as const).map((name) => {
      const original = fsp[name] as (...args: unknown[]) => Promise<unknown>;
      return jest.spyOn(fsp, name).mockImplementation(((p: unknown, ...rest: unknown[]) => {
        calls += name === 'realpath' ? String(p).split('/').length : 1;
        return original.call(fsp, p, ...rest);
      }) as never);
    });
    try {
      await work().catch(() => undefined);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    return calls;
  }

  function deepTree(): string {
    const rel = Array.from({ length: DEPTH }, () => 'd').join('/');
    fs.mkdirSync(path.join(box.root, rel), { recursive: true });
    return rel;
  }

  it('a deep existing path with a deep missing tail costs work linear in its depth', async () => {
    const rel = deepTree();
    const probe = `${rel}/${Array.from({ length: DEPTH }, () => 'm').join('/')}`;
    for (const work of [() => safe.exists(probe), () => safe.stat(probe), () => safe.resolve(probe)]) {
      expect(await countCalls(work)).toBeLessThan(3 * DEPTH);
    }
    await expect(safe.exists(probe)).resolves.toBe(false);
  });

  it('mkdir -p of a deep path costs work linear in its depth', async () => {
    const rel = Array.from({ length: DEPTH }, () => 'n').join('/');
    expect(await countCalls(() => safe.mkdir(rel, { recursive: true }))).toBeLessThan(6 * DEPTH);
    expect(fs.statSync(path.join(box.root, rel)).isDirectory()).toBe(true);
  });

  it('withSignal(ctx.signal): resolution stops when the call is aborted', async () => {
    const rel = deepTree();
    const controller = new AbortController();
    const bounded = safe.withSignal(controller.signal);
    let lstats = 0;
    const original = fsp.lstat;
    const spy = jest.spyOn(fsp, 'lstat').mockImplementation(((p: fs.PathLike, o?: fs.StatOptions) => {
      if (++lstats === 10) controller.abort(new Error('call timed out'));
      return original.call(fsp, p, o);
    }) as typeof fsp.lstat);
    try {
      await expect(bounded.stat(`${rel}/x`)).rejects.toThrow('call timed out');
      await expect(bounded.mkdir(`${rel}/y/z`, { recursive: true })).rejects.toThrow('call timed out');
    } finally {
      spy.mockRestore();
    }
    expect(lstats).toBe(10);
    expect(fs.existsSync(path.join(box.root, rel, 'y'))).toBe(false);
    // The view keeps read-only-ness and the original is unaffected.
    await expect(safe.stat(rel)).resolves.toMatchObject({ type: 'directory' });
    await expect(safe.asReadOnly().withSignal(controller.signal).writeText('w', 'x')).rejects.toThrow(
      /read-only/,
    );
    // Views of views (a tool re-binding the SafeFs it was given) work in any order; the last signal counts.
    const fresh = new AbortController();
    const rebound = safe.withSignal(controller.signal).asReadOnly().withSignal(fresh.signal);
    await expect(rebound.stat(rel)).resolves.toMatchObject({ type: 'directory' });
    await expect(rebound.mkdir('x')).rejects.toThrow(/read-only/);
    await expect(safe.withSignal(controller.signal).stat(rel)).rejects.toThrow('call timed out');
  });

  it('a chain of links cannot multiply the work: it is refused past a bound', async () => {
    // Each link points at the previous one plus a long suffix: following all would walk far more components.
    fs.symlinkSync('.', path.join(box.root, 'l0'));
    for (let i = 1; i <= 45; i++)
      fs.symlinkSync(`l${i - 1}/${'./'.repeat(100)}`, path.join(box.root, `l${i}`));
    expect(await answer(() => safe.stat('l45/hello.txt'))).toBe(`refused: ${LINK_LOOP}`);
    await expect(safe.readText('l20/hello.txt')).resolves.toBe('hello inside');
  });
});

describe('names ending in " (deleted)" (issue 11, item 10)', () => {
  it('are ordinary names: read, listed, stat-ed, written, removed', async () => {
    fs.writeFileSync(path.join(box.root, 'report (deleted)'), 'kept');
    fs.mkdirSync(path.join(box.root, 'old (deleted)'));
    fs.writeFileSync(path.join(box.root, 'old (deleted)', 'a.txt'), 'a');
    await expect(safe.readText('report (deleted)')).resolves.toBe('kept');
    await expect(safe.stat('report (deleted)')).resolves.toMatchObject({ type: 'file', size: 4 });
    await expect(safe.list('old (deleted)')).resolves.toEqual([{ name: 'a.txt', type: 'file' }]);
    await expect(safe.readText('old (deleted)/a.txt')).resolves.toBe('a');
    await safe.writeText('old (deleted)/b.txt', 'b');
    await safe.writeText('report (deleted)', 'replaced');
    expect(fs.readFileSync(path.join(box.root, 'report (deleted)'), 'utf8')).toBe('replaced');
    await safe.remove('old (deleted)/a.txt');
    await safe.mkdir('old (deleted)/new (deleted)/x', { recursive: true });
    expect(fs.readdirSync(path.join(box.root, 'old (deleted)')).sort()).toEqual(['b.txt', 'new (deleted)']);
  });

  it('a directory really deleted while pinned is still refused', async () => {
    const dir = path.join(box.root, 'gone');
    fs.mkdirSync(dir);
    await expect(
      withPinnedDir(dir, [box.root], async (_pinned, recheck) => {
        fs.rmdirSync(dir);
        await recheck();
      }),
    ).rejects.toThrow(OUTSIDE_ROOTS);
  });
});
