import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import { fsError, outsideError } from './errors';
import { isInside } from './roots';
import type { AbortCheck } from '../signal-aware';

// Flags missing on some platforms (Windows) are 0, which means "not requested".
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const O_DIRECTORY = fs.constants.O_DIRECTORY ?? 0;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** Open for reading, without following a final symlink and without blocking on FIFOs. */
export const READ_FLAGS = fs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
const DIR_FLAGS = fs.constants.O_RDONLY | O_DIRECTORY | O_NOFOLLOW;

// On Linux `/proc/self/fd/N` names the very inode behind an open descriptor: reading its link tells where
// the descriptor really is, and paths below it are resolved from that directory (like openat(2)).
const PROC_FD = '/proc/self/fd';
let procUsable: boolean | undefined;
function hasProcFd(): boolean {
  if (procUsable === undefined) {
    try {
      procUsable = process.platform === 'linux' && fs.statSync(PROC_FD).isDirectory();
    } catch {
      procUsable = false;
    }
  }
  return procUsable;
}

/** Tests only: force the portable path (`false`) or go back to detection (`undefined`). Not exported publicly. */
export function setProcFdForTesting(value: boolean | undefined): void {
  procUsable = value;
}

const DELETED = ' (deleted)';

async function sameInode(p: string, handle: fsp.FileHandle): Promise<boolean> {
  try {
    const [byPath, byHandle] = await Promise.all([fsp.lstat(p), handle.stat()]);
    return byPath.dev === byHandle.dev && byPath.ino === byHandle.ino;
  } catch {
    return false;
  }
}

/**
 * Proves that an open descriptor refers to something inside the roots. The path was checked before the
 * open, but a directory on the way may have been swapped for a symlink in between (TOCTOU).
 */
async function verifyHandle(
  handle: fsp.FileHandle,
  expected: string,
  roots: readonly string[],
): Promise<void> {
  if (hasProcFd()) {
    const actual = await fsp.readlink(`${PROC_FD}/${handle.fd}`);
    if (!isInside(actual, roots)) throw outsideError();
    // Linux appends " (deleted)" when the name was unlinked after the open; a file may also just be called
    // that. Only the name naming this very inode (looked up inside the roots) proves the latter.
    if (actual.endsWith(DELETED) && !(await sameInode(actual, handle))) throw outsideError();
    return;
  }
  // Elsewhere: the checked path must still be confined and name the same inode as the descriptor.
  const again = await fsp.realpath(expected);
  if (!isInside(again, roots)) throw outsideError();
  const [byPath, byHandle] = await Promise.all([fsp.stat(again), handle.stat()]);
  if (byPath.dev !== byHandle.dev || byPath.ino !== byHandle.ino) throw outsideError();
}

/**
 * {@link openVerified} and the descriptor's `fstat`, the two run concurrently (one thread-pool round trip
 * instead of two). The stats are looked at only once the descriptor is proven to be inside the roots: an
 * fstat of a descriptor that turns out to be outside is discarded with the refusal, and says nothing the
 * open had not already done.
 */
export function openVerifiedStat(
  real: string,
  flags: number,
  roots: readonly string[],
): Promise<{ handle: fsp.FileHandle; stats: fs.Stats }> {
  return openThen(real, flags, async (handle) => {
    const [, stats] = await Promise.all([verifyHandle(handle, real, roots), handle.stat()]);
    return { handle, stats };
  });
}

/** Opens a confined real path and verifies the descriptor; the caller closes the handle. */
export function openVerified(real: string, flags: number, roots: readonly string[]): Promise<fsp.FileHandle> {
  return openThen(real, flags, async (handle) => {
    await verifyHandle(handle, real, roots);
    return handle;
  });
}

/** Opens `real` and runs `check` on the handle; a failed check closes the handle before the refusal leaves. */
async function openThen<T>(
  real: string,
  flags: number,
  check: (handle: fsp.FileHandle) => Promise<T>,
): Promise<T> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(real, flags);
  } catch (error) {
    throw fsError(error);
  }
  try {
    return await check(handle);
  } catch (error) {
    await handle.close();
    throw fsError(error);
  }
}

/**
 * Runs `fn` with a path that names the verified directory `realDir` itself: on Linux a `/proc/self/fd`
 * path, so names below it cannot be redirected by swapping a parent for a symlink; elsewhere the real
 * path (best effort). `recheck()` verifies the directory again, e.g. right before a rename.
 */
export async function withPinnedDir<T>(
  realDir: string,
  roots: readonly string[],
  fn: (dir: string, recheck: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const handle = await openVerified(realDir, DIR_FLAGS, roots);
  try {
    const dir = hasProcFd() ? `${PROC_FD}/${handle.fd}` : realDir;
    return await fn(dir, () => verifyHandle(handle, realDir, roots));
  } catch (error) {
    throw fsError(error);
  } finally {
    await handle.close();
  }
}

/**
 * Creates `names` one below the other in the confined directory `realDir` (`mkdir -p` for the missing part of
 * a path). On Linux each new directory is made and opened through its verified parent's descriptor, without
 * following links: one `mkdir`, `open` and `readlink` per level, so a deep path costs linear work and a
 * directory swapped for a symlink meanwhile is refused. Elsewhere each level is checked by real path.
 */
export async function mkdirChain(
  realDir: string,
  names: readonly string[],
  roots: readonly string[],
  signal?: AbortCheck,
): Promise<void> {
  if (!hasProcFd()) {
    let current = realDir;
    for (const name of names) {
      signal?.throwIfAborted();
      await withPinnedDir(current, roots, (dir) => mkdirExisting(`${dir}/${name}`));
      current = await fsp
        .realpath(`${current}/${name}`)
        .catch((error: unknown) => Promise.reject(fsError(error)));
      if (!isInside(current, roots)) throw outsideError();
    }
    return;
  }
  let handle = await openVerified(realDir, DIR_FLAGS, roots);
  try {
    for (const name of names) {
      signal?.throwIfAborted();
      const child = `${PROC_FD}/${handle.fd}/${name}`;
      await mkdirExisting(child);
      const next = await openVerified(child, DIR_FLAGS, roots);
      await handle.close();
      handle = next;
    }
  } finally {
    await handle.close();
  }
}

async function mkdirExisting(p: string): Promise<void> {
  try {
    await fsp.mkdir(p);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(error);
  }
}
