import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { StartupError, ToolError } from '../../../src/errors';
import { SafeFs } from '../../../src/security/paths';
import { type Sandbox, leaks, makeSandbox } from '../../attacks/paths/sandbox';

let box: Sandbox;
let safe: SafeFs;

beforeEach(() => {
  box = makeSandbox();
  safe = new SafeFs({ roots: [box.root] });
});
afterEach(() => box.cleanup());

async function refusal(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  expect(leaks((error as Error).message, box)).toBe(false);
  return error as ToolError;
}

describe('construction', () => {
  it('resolves roots to real paths once, in the constructor', () => {
    const link = path.join(box.base, 'root-link');
    fs.symlinkSync(box.root, link);
    expect(new SafeFs({ roots: [link] }).roots).toEqual([box.root]);
  });

  it('refuses a missing root or a file as root with a StartupError', () => {
    expect(() => new SafeFs({ roots: [path.join(box.base, 'nope')] })).toThrow(StartupError);
    expect(() => new SafeFs({ roots: [path.join(box.root, 'hello.txt')] })).toThrow(StartupError);
    expect(() => new SafeFs({ roots: [] })).toThrow(StartupError);
    expect(() => new (SafeFs as unknown as new () => SafeFs)()).toThrow(/SafeFs needs roots/);
  });

  it('refuses negative size limits', () => {
    expect(() => new SafeFs({ roots: [box.root], maxReadBytes: -1 })).toThrow(RangeError);
  });
});

describe('resolve', () => {
  it('takes relative paths from the first root and accepts absolute paths inside it', async () => {
    await expect(safe.resolve('sub/inner.txt')).resolves.toBe(path.join(box.root, 'sub', 'inner.txt'));
    await expect(safe.resolve(path.join(box.root, 'hello.txt'))).resolves.toBe(
      path.join(box.root, 'hello.txt'),
    );
    await expect(safe.resolve('.')).resolves.toBe(box.root);
    await expect(safe.resolve('./sub/')).resolves.toBe(path.join(box.root, 'sub'));
    await expect(safe.resolve('new/file.txt')).resolves.toBe(path.join(box.root, 'new', 'file.txt'));
  });

  it('accepts absolute paths written with the configured (symlinked) form of the root', async () => {
    const link = path.join(box.base, 'root-link');
    fs.symlinkSync(box.root, link);
    const viaLink = new SafeFs({ roots: [link] });
    await expect(viaLink.resolve(path.join(link, 'hello.txt'))).resolves.toBe(
      path.join(box.root, 'hello.txt'),
    );
    await expect(viaLink.readText(path.join(link, 'hello.txt'))).resolves.toBe('hello inside');
  });

  const DOTDOT = "path is outside the allowed roots: '..' leaves the root";
  const ABSOLUTE =
    'path is outside the allowed roots: an absolute path must lie inside a root (or give a path relative to the root)';
  it.each([
    ['../root-evil/secret.txt', DOTDOT],
    ['sub/../../secret.txt', DOTDOT],
    ['sub/../..', DOTDOT],
    ['..', DOTDOT],
    ['/etc/passwd', ABSOLUTE],
    ['/tmp', ABSOLUTE],
    ['C:\\Windows\\win.ini', expect.stringMatching(/not allowed/)],
    ['\\\\server\\share\\x', expect.stringMatching(/not allowed/)],
    [
      '//server/share/x',
      'drive letters and network (UNC) paths are not allowed: give a path relative to the root',
    ],
  ])('refuses %j, saying why', async (p, why) => {
    const error = await refusal(safe.resolve(p));
    expect(error.message).toEqual(why);
  });

  it("resolves '..' that stays inside the root one component at a time, as Go's os.Root", async () => {
    await expect(safe.readText('sub/../hello.txt')).resolves.toBe('hello inside');
    await expect(safe.resolve('sub/..')).resolves.toBe(box.root);
    await expect(safe.resolve(path.join(box.root, 'sub/../hello.txt'))).resolves.toBe(
      path.join(box.root, 'hello.txt'),
    );
    // `a/../b` where `a` is a link: `..` is taken from where the link leads, not lexically.
    fs.mkdirSync(path.join(box.root, 'deep', 'er'), { recursive: true });
    fs.writeFileSync(path.join(box.root, 'deep', 'b.txt'), 'deep b');
    fs.symlinkSync('deep/er', path.join(box.root, 'to-er'));
    await expect(safe.readText('to-er/../b.txt')).resolves.toBe('deep b');
    await safe.writeText('sub/../written.txt', 'w');
    expect(fs.readFileSync(path.join(box.root, 'written.txt'), 'utf8')).toBe('w');
    await expect(refusal(safe.writeText('sub/..', 'x'))).resolves.toMatchObject({
      message: 'the root directory itself cannot be written, removed or created',
    });
  });

  it("reads names such as 'f:oo' on POSIX (a drive letter only on Windows)", async () => {
    await safe.writeText('f:oo', 'colon');
    await expect(safe.readText('f:oo')).resolves.toBe('colon');
  });

  it('refuses the sibling-prefix directory by absolute path', async () => {
    const error = await refusal(safe.resolve(path.join(box.evil, 'secret.txt')));
    expect(error.message).toBe(ABSOLUTE);
    await refusal(safe.resolve(box.evil));
  });

  it('refuses NUL, control characters, backslashes and overlong paths with their own messages', async () => {
    expect((await refusal(safe.resolve('a\0b'))).message).toMatch(/not allowed/);
    expect((await refusal(safe.resolve('a\nb'))).message).toMatch(/not allowed/);
    expect((await refusal(safe.resolve('a\\b'))).message).toMatch(/not allowed/);
    expect((await refusal(safe.resolve('a/'.repeat(2100)))).message).toBe('path is too long');
    expect((await refusal(safe.resolve('x'.repeat(256)))).message).toBe('path is too long');
    expect((await refusal(safe.resolve(''))).message).toMatch(/non-empty/);
  });

  it('follows symlinks that stay inside the root, refuses those that leave it', async () => {
    fs.symlinkSync('sub', path.join(box.root, 'in-link'));
    fs.symlinkSync(box.evil, path.join(box.root, 'out-link'));
    await expect(safe.readText('in-link/inner.txt')).resolves.toBe('inner inside');
    await refusal(safe.resolve('out-link/secret.txt'));
    await refusal(safe.resolve('out-link/not-yet-there.txt'));
  });

  it('refuses a dangling symlink (its target is unknown)', async () => {
    fs.symlinkSync(path.join(box.evil, 'new.txt'), path.join(box.root, 'dangling'));
    await refusal(safe.resolve('dangling'));
    await refusal(safe.writeText('dangling', 'x'));
    expect(fs.existsSync(path.join(box.evil, 'new.txt'))).toBe(false);
  });
});

describe('reading', () => {
  it('reads text and bytes', async () => {
    await expect(safe.readText('hello.txt')).resolves.toBe('hello inside');
    const bytes = await safe.readBytes('hello.txt');
    expect(Buffer.from(bytes).toString()).toBe('hello inside');
  });

  it('reports missing files, directories and special files without a path', async () => {
    expect((await refusal(safe.readText('missing.txt'))).message).toBe('file or directory not found');
    expect((await refusal(safe.readText('sub'))).message).toBe('path is a directory');
    execFileSync('mkfifo', [path.join(box.root, 'fifo')]);
    expect((await refusal(safe.readText('fifo'))).message).toBe('path is not a regular file');
  });

  it('caps the size of a read', async () => {
    const small = new SafeFs({ roots: [box.root], maxReadBytes: 5 });
    expect((await refusal(small.readText('hello.txt'))).message).toMatch(/larger than the limit of 5 bytes/);
    fs.writeFileSync(path.join(box.root, 'five.txt'), '12345');
    await expect(small.readText('five.txt')).resolves.toBe('12345');
  });

  // Issue 14: a file read below the cap costs one read(2) when fstat's size is all there is; at the cap the
  // extra byte is still read, so a file grown past the limit after fstat is refused.
  it('reads a small file with one read and no read just to meet the end of the file', async () => {
    const probe = await fs.promises.open(path.join(box.root, 'hello.txt'), 'r');
    const proto = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    const read = jest.spyOn(proto, 'read');
    try {
      fs.writeFileSync(path.join(box.root, 'small.txt'), 'x'.repeat(256));
      await expect(safe.readText('small.txt')).resolves.toBe('x'.repeat(256));
      expect(read).toHaveBeenCalledTimes(1);
      read.mockClear();
      const capped = new SafeFs({ roots: [box.root], maxReadBytes: 256 });
      await expect(capped.readText('small.txt')).resolves.toBe('x'.repeat(256));
      expect(read).toHaveBeenCalledTimes(2); // at the cap: the extra byte is looked for
    } finally {
      read.mockRestore();
    }
  });

  it('refuses a file at the cap that grows between fstat and read', async () => {
    const file = path.join(box.root, 'growing.txt');
    fs.writeFileSync(file, '12345');
    const capped = new SafeFs({ roots: [box.root], maxReadBytes: 5 });
    const probe = await fs.promises.open(file, 'r');
    const proto = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    const original = proto.read;
    // The file grows after fstat, before the first read.
    const read = jest.spyOn(proto, 'read').mockImplementation(function (this: unknown, ...args: unknown[]) {
      fs.appendFileSync(file, '6');
      return original.apply(this, args);
    });
    try {
      expect((await refusal(capped.readText('growing.txt'))).message).toMatch(
        /larger than the limit of 5 bytes/,
      );
    } finally {
      read.mockRestore();
    }
  });
});

describe('list, stat, exists', () => {
  it('lists entries sorted, reporting symlinks without following them', async () => {
    fs.symlinkSync(box.evil, path.join(box.root, 'out-link'));
    await expect(safe.list('.')).resolves.toEqual([
      { name: 'hello.txt', type: 'file' },
      { name: 'out-link', type: 'symlink' },
      { name: 'sub', type: 'directory' },
    ]);
    await refusal(safe.list('out-link'));
    expect((await refusal(safe.list('hello.txt'))).message).toBe('path is not a directory');
  });

  it('stats files and directories', async () => {
    const stat = await safe.stat('hello.txt');
    expect({ type: stat.type, size: stat.size }).toEqual({ type: 'file', size: 12 });
    expect(Math.abs(stat.mtime.getTime() - Date.now())).toBeLessThan(60_000);
    expect((await safe.stat('sub')).type).toBe('directory');
  });

  it('says whether a path exists, and still refuses paths outside', async () => {
    await expect(safe.exists('hello.txt')).resolves.toBe(true);
    await expect(safe.exists('nope/nope.txt')).resolves.toBe(false);
    await expect(safe.exists('hello.txt/nope')).resolves.toBe(false);
    await refusal(safe.exists('../root-evil/secret.txt'));
  });
});

describe('writing', () => {
  it('writes text and bytes, replacing atomically and leaving no temp file', async () => {
    await safe.writeText('new.txt', 'first');
    await safe.writeText('new.txt', 'second');
    await safe.writeBytes('sub/bytes.bin', new Uint8Array([1, 2, 3]));
    expect(fs.readFileSync(path.join(box.root, 'new.txt'), 'utf8')).toBe('second');
    expect([...fs.readFileSync(path.join(box.root, 'sub', 'bytes.bin'))]).toEqual([1, 2, 3]);
    expect(fs.readdirSync(box.root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the mode of a replaced file', async () => {
    fs.chmodSync(path.join(box.root, 'hello.txt'), 0o640);
    await safe.writeText('hello.txt', 'changed');
    expect(fs.statSync(path.join(box.root, 'hello.txt')).mode & 0o777).toBe(0o640);
  });

  it('does not carry setuid/setgid bits over to new content', async () => {
    fs.chmodSync(path.join(box.root, 'hello.txt'), 0o6755);
    await safe.writeText('hello.txt', 'changed');
    expect(fs.statSync(path.join(box.root, 'hello.txt')).mode & 0o7777).toBe(0o755);
  });

  it('refuses to write through a symlink, even one pointing inside the root', async () => {
    fs.symlinkSync('hello.txt', path.join(box.root, 'link-in'));
    fs.symlinkSync(path.join(box.evil, 'secret.txt'), path.join(box.root, 'link-out'));
    expect((await refusal(safe.writeText('link-in', 'x'))).message).toMatch(/symbolic link/);
    expect((await refusal(safe.writeText('link-out', 'x'))).message).toMatch(/symbolic link/);
    expect(fs.readFileSync(path.join(box.root, 'hello.txt'), 'utf8')).toBe('hello inside');
  });

  it('refuses a directory target, a missing parent and the root itself', async () => {
    expect((await refusal(safe.writeText('sub', 'x'))).message).toBe('path is a directory');
    expect((await refusal(safe.writeText('missing/x.txt', 'x'))).message).toBe('file or directory not found');
    await refusal(safe.writeText('.', 'x'));
  });

  it('caps the size of a write', async () => {
    const small = new SafeFs({ roots: [box.root], maxWriteBytes: 3 });
    expect((await refusal(small.writeText('a.txt', 'four'))).message).toMatch(
      /larger than the limit of 3 bytes/,
    );
    expect(fs.existsSync(path.join(box.root, 'a.txt'))).toBe(false);
  });
});

describe('remove and mkdir', () => {
  it('removes files, symlinks (not their targets) and empty directories', async () => {
    fs.symlinkSync(path.join(box.evil, 'secret.txt'), path.join(box.root, 'link-out'));
    await safe.remove('link-out');
    expect(fs.existsSync(path.join(box.evil, 'secret.txt'))).toBe(true);
    await safe.remove('hello.txt');
    expect(fs.existsSync(path.join(box.root, 'hello.txt'))).toBe(false);
    expect((await refusal(safe.remove('sub'))).message).toBe('directory is not empty');
    await safe.remove('sub/deeper');
    expect(fs.existsSync(path.join(box.root, 'sub', 'deeper'))).toBe(false);
    await refusal(safe.remove('.'));
  });

  it('creates directories, recursively through in-root symlinks, never through out-links', async () => {
    await safe.mkdir('made');
    expect((await refusal(safe.mkdir('made'))).message).toBe('file or directory already exists');
    await safe.mkdir('a/b/c', { recursive: true });
    await safe.mkdir('a/b/c', { recursive: true });
    expect(fs.statSync(path.join(box.root, 'a', 'b', 'c')).isDirectory()).toBe(true);
    fs.symlinkSync('sub', path.join(box.root, 'in-link'));
    await safe.mkdir('in-link/x/y', { recursive: true });
    expect(fs.statSync(path.join(box.root, 'sub', 'x', 'y')).isDirectory()).toBe(true);
    fs.symlinkSync(box.evil, path.join(box.root, 'out-link'));
    await refusal(safe.mkdir('out-link/x', { recursive: true }));
    await refusal(safe.mkdir('out-link/x'));
    expect(fs.existsSync(path.join(box.evil, 'x'))).toBe(false);
    expect((await refusal(safe.mkdir('hello.txt', { recursive: true }))).message).toMatch(/not a directory/);
  });
});

describe('asReadOnly', () => {
  it('reads like the original and refuses every write method', async () => {
    const ro = safe.asReadOnly();
    expect(ro).toBeInstanceOf(SafeFs);
    expect(ro.roots).toEqual(safe.roots);
    await expect(ro.readText('hello.txt')).resolves.toBe('hello inside');
    for (const attempt of [
      ro.writeText('w.txt', 'x'),
      ro.writeBytes('w.txt', new Uint8Array(1)),
      ro.remove('hello.txt'),
      ro.mkdir('d'),
    ]) {
      expect((await refusal(attempt)).message).toMatch(/is read-only/);
    }
    expect(fs.existsSync(path.join(box.root, 'hello.txt'))).toBe(true);
    await safe.writeText('w.txt', 'the original still writes');
  });
});

describe('several roots', () => {
  it('takes relative paths from the first root and absolute ones from any root', async () => {
    const second = path.join(box.base, 'second');
    fs.mkdirSync(second);
    fs.writeFileSync(path.join(second, 'two.txt'), 'two');
    const multi = new SafeFs({ roots: [box.root, second] });
    await expect(multi.readText('hello.txt')).resolves.toBe('hello inside');
    await expect(multi.readText(path.join(second, 'two.txt'))).resolves.toBe('two');
    await multi.writeText(path.join(second, 'new.txt'), 'n');
    expect(fs.readFileSync(path.join(second, 'new.txt'), 'utf8')).toBe('n');
    await refusal(multi.readText('second/two.txt'));
    await refusal(multi.readText(path.join(box.base, 'second-evil', 'x')));
  });
});
