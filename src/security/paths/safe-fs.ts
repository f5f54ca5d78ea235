import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { StartupError, ToolError } from '../../errors';
import type { ReadOnlyAware } from '../read-only-aware';
import type { AbortCheck, CallAbort, SignalAware } from '../signal-aware';
import { atomicWrite } from './atomic-write';
import { READ_ONLY, fsError, outsideError } from './errors';
import { READ_FLAGS, mkdirChain, openVerifiedStat, withPinnedDir } from './pinned';
import { joinResolved, resolveInRoots } from './realpath';
import { currentRootScope, type RootScope } from './root-scope';
import { type Root, isInside, loadRoots, locate } from './roots';

const MiB = 1024 * 1024;

export interface SafeFsOptions {
  /** Directories the tools may use. Relative paths from clients are taken from the first one. */
  roots: string[];
  /**
   * Follow the roots of the client of each request (set by the server from `roots: 'client'` /
   * `narrowToClientRoots`): `'only'` uses the client's roots (and `roots` is ignored); `'narrow'` keeps
   * `roots` and allows only what also lies inside a client root. Outside a request nothing is allowed.
   */
  clientRoots?: 'only' | 'narrow';
  /** Largest file `readText` / `readBytes` return. Default 10 MiB. */
  maxReadBytes?: number;
  /** Largest content `writeText` / `writeBytes` accept. Default 10 MiB. */
  maxWriteBytes?: number;
}

type EntryType = 'file' | 'directory' | 'symlink' | 'other';

/** One entry of {@link SafeFs.list}. */
export interface DirEntry {
  name: string;
  /** Symlinks are reported as such, not followed. */
  type: 'file' | 'directory' | 'symlink' | 'other';
}

/** What {@link SafeFs.stat} tells. */
export interface FileStat {
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  mtime: Date;
}

/**
 * File access confined to the server's roots. Every path is checked lexically, then resolved one component at
 * a time (symlinks followed only while they stay inside the roots: a link leaving them is refused from its
 * text, so answers never depend on files elsewhere on the host); opened descriptors are verified again, so a
 * directory swapped for a symlink mid-call cannot redirect a read or a write outside. Writes are atomic (temp
 * file + rename) and never follow a symlink at the target. Errors are {@link ToolError}s without host paths.
 *
 * Roots are resolved once, synchronously, in the constructor: a missing root throws a StartupError.
 */
export class SafeFs implements ReadOnlyAware, SignalAware {
  readonly maxReadBytes: number;
  readonly maxWriteBytes: number;
  /** Set when the roots come from each request's client (see {@link SafeFsOptions.clientRoots}). */
  readonly clientRoots?: 'only' | 'narrow';
  private readonly configuredList: readonly Root[];
  private readonly configuredReal: readonly string[];
  private readonly writable: boolean = true;
  /** Set on views bound to a call: resolution and directory creation stop when the call aborts. */
  private readonly signal?: AbortCheck;

  constructor(options: SafeFsOptions) {
    // A DI container that builds SafeFs by itself passes nothing: say what is missing.
    if (options === undefined)
      throw new StartupError('SafeFs needs roots: configure createServer({ roots })');
    this.clientRoots = options.clientRoots;
    this.configuredList = Object.freeze(this.clientRoots === 'only' ? [] : loadRoots(options.roots));
    this.configuredReal = Object.freeze(this.configuredList.map((root) => root.real));
    this.maxReadBytes = limit(options.maxReadBytes, 10 * MiB);
    this.maxWriteBytes = limit(options.maxWriteBytes, 10 * MiB);
  }

  /** The roots given to the constructor (none in `'only'` mode). */
  get configuredRoots(): readonly { readonly configured: string; readonly real: string }[] {
    return this.configuredList;
  }

  /** Real paths of the roots in force, in order: the configured ones, or the current request's client roots. */
  get roots(): readonly string[] {
    return this.clientRoots ? this.scope().allowed : this.configuredReal;
  }

  /** Roots that relative and absolute client paths are mapped onto. */
  private get rootList(): readonly Root[] {
    return this.clientRoots ? this.scope().base : this.configuredList;
  }

  private scope(): RootScope {
    const scope = currentRootScope();
    if (!scope) {
      throw new ToolError(
        "file access follows the client's roots, which are known only while serving a request",
      );
    }
    if (scope.base.length === 0 || scope.allowed.length === 0) {
      throw new ToolError(scope.reason ?? "the path is outside the client's roots");
    }
    return scope;
  }

  /** The confined real path of `p`, or a ToolError 'path is outside the allowed roots'. */
  async resolve(p: string): Promise<string> {
    return this.confine(locate(p, this.rootList));
  }

  async readBytes(p: string): Promise<Buffer> {
    const { handle, stats } = await openVerifiedStat(await this.resolve(p), READ_FLAGS, this.roots);
    try {
      if (!stats.isFile())
        throw new ToolError(stats.isDirectory() ? 'path is a directory' : 'path is not a regular file');
      if (stats.size > this.maxReadBytes) throw this.tooLarge('file', this.maxReadBytes);
      // Read one byte more than allowed: a file growing after fstat must not slip past the cap.
      const buffer = Buffer.alloc(Math.min(stats.size, this.maxReadBytes) + 1);
      let length = 0;
      for (;;) {
        this.signal?.throwIfAborted();
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length === buffer.length) break;
        // All the bytes fstat announced, below the cap: no read(2) just to meet the end of the file. (A file
        // growing meanwhile gives its first `size` bytes instead of `size + 1`; at the cap the extra byte is
        // still read, so a file grown past the limit is refused.)
        if (length === stats.size && length > 0 && length < this.maxReadBytes) break;
      }
      if (length > this.maxReadBytes) throw this.tooLarge('file', this.maxReadBytes);
      return buffer.subarray(0, length);
    } catch (error) {
      throw fsError(error);
    } finally {
      await handle.close();
    }
  }

  async readText(p: string, encoding: BufferEncoding = 'utf8'): Promise<string> {
    return (await this.readBytes(p)).toString(encoding);
  }

  /** Entries of a directory, sorted by name. Symlinks are reported as such, not followed. */
  async list(p: string): Promise<DirEntry[]> {
    const entries = await withPinnedDir(await this.resolve(p), this.roots, (dir) =>
      fsp.readdir(dir, { withFileTypes: true }),
    );
    return entries
      .map((entry) => ({ name: entry.name, type: entryType(entry) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async stat(p: string): Promise<FileStat> {
    const { handle, stats } = await openVerifiedStat(await this.resolve(p), READ_FLAGS, this.roots);
    try {
      return { type: entryType(stats), size: stats.size, mtime: stats.mtime };
    } finally {
      await handle.close();
    }
  }

  /** False when `p` (inside the roots) does not exist; a path outside the roots still throws. */
  async exists(p: string): Promise<boolean> {
    try {
      await this.stat(p);
      return true;
    } catch (error) {
      // Like fs.existsSync: a missing name, or a file used as a directory on the way, does not exist.
      if (error instanceof ToolError && (error.meta?.code === 'ENOENT' || error.meta?.code === 'ENOTDIR'))
        return false;
      throw error;
    }
  }

  async writeText(p: string, text: string): Promise<void> {
    await this.writeBytes(p, Buffer.from(text, 'utf8'));
  }

  /** Atomic replace; refuses a symlink or directory at the target; the parent directory must exist. */
  async writeBytes(p: string, bytes: Uint8Array): Promise<void> {
    this.assertWritable();
    if (bytes.byteLength > this.maxWriteBytes) throw this.tooLarge('content', this.maxWriteBytes);
    const { dir, name } = await this.parentOf(p);
    await atomicWrite(dir, name, bytes, this.roots);
  }

  /** Removes a file, a symlink (not its target) or an empty directory. */
  async remove(p: string): Promise<void> {
    this.assertWritable();
    const { dir, name } = await this.parentOf(p);
    await withPinnedDir(dir, this.roots, async (pinned) => {
      const target = path.join(pinned, name);
      if ((await fsp.lstat(target)).isDirectory()) await fsp.rmdir(target);
      else await fsp.unlink(target);
    });
  }

  /** Creates a directory; with `recursive`, also its missing parents (each one confined on its own). */
  async mkdir(p: string, options: { recursive?: boolean } = {}): Promise<void> {
    this.assertWritable();
    const absolute = locate(p, this.rootList);
    if (!options.recursive) return this.mkdirOne(absolute);
    // One resolution for the whole path, then the missing levels are made below the deepest existing one.
    const { existing, missing } = await resolveInRoots(absolute, this.rootList, this.signal);
    if (!isInside(existing, this.roots)) throw outsideError();
    if (missing.length > 0) return mkdirChain(existing, missing, this.roots, this.signal);
    const stats = await this.stat(existing);
    if (stats.type !== 'directory') throw new ToolError('path exists and is not a directory');
  }

  /** A view of this SafeFs whose write methods throw; given to `@ReadOnly()` tools. */
  asReadOnly(): this {
    return this.view({ writable: false });
  }

  /**
   * A view of this SafeFs that stops path resolution and directory creation as soon as `signal` aborts: pass
   * `ctx.signal` so work on a deep path does not go on after the call was cancelled or timed out.
   *
   * @example `const files = this.fs.withSignal(ctx.signal); await files.readText(input.path);`
   */
  withSignal(signal: AbortSignal): this {
    return this.view({ signal });
  }

  /** The view bound to a call (see {@link withSignal}); checks the call's state without building a signal. */
  forCall(call: CallAbort): this {
    return this.view({ signal: call });
  }

  private view(fields: { writable?: boolean; signal?: AbortCheck }): this {
    // Defined, not assigned: a view of a (frozen) view would otherwise hit its read-only fields.
    const own: PropertyDescriptorMap = {};
    for (const [key, value] of Object.entries(fields)) own[key] = { value, enumerable: true };
    return Object.freeze(Object.create(this, own) as this);
  }

  private async mkdirOne(absolute: string): Promise<void> {
    const { dir, name } = await this.parentOf(absolute);
    await withPinnedDir(dir, this.roots, (pinned) => fsp.mkdir(path.join(pinned, name)));
  }

  private async confine(absolute: string): Promise<string> {
    const real = joinResolved(await resolveInRoots(absolute, this.rootList, this.signal));
    if (!isInside(real, this.roots)) throw outsideError();
    return real;
  }

  /** The confined real parent directory of `p` and the final name, which is not resolved (may be a link). */
  private async parentOf(p: string): Promise<{ dir: string; name: string }> {
    const absolute = locate(p, this.rootList).replace(/\/+$/, '');
    // A final `.` or `..` names a directory only resolution can tell (`a/..`): resolve it, then split.
    const last = path.basename(absolute);
    const target = last === '.' || last === '..' ? await this.confine(absolute) : absolute;
    if (this.rootList.some((root) => root.real === target)) {
      throw new ToolError('the root directory itself cannot be written, removed or created');
    }
    const dir = target === absolute ? await this.confine(path.dirname(absolute)) : path.dirname(target);
    return { dir, name: path.basename(target) };
  }

  private assertWritable(): void {
    if (!this.writable) throw new ToolError(READ_ONLY);
  }

  private tooLarge(what: string, limit: number): ToolError {
    return new ToolError(`${what} is larger than the limit of ${limit} bytes`);
  }
}

function limit(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError('SafeFs size limits must be integers >= 0');
  return value;
}

function entryType(entry: fs.Dirent | fs.Stats): EntryType {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  if (entry.isSymbolicLink()) return 'symlink';
  return 'other';
}
