import { closeSync, constants, fstatSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** A lock whose content cannot be read (a writer died between create and write) is stale after this. */
const UNREADABLE_STALE_MS = 10_000;
/** A takeover guard is held for a few statements; one this old was left by a process that died holding it. */
const TAKEOVER_STALE_MS = 5_000;
const HELD_HERE = new Set<string>();
let exitHook = false;

/**
 * An exclusive lock file (`<audit file>.lock`, content `pid host`), held for the life of the writer: one
 * process per audit file, since two appenders would interleave two chains. A lock left by a process that is
 * gone (SIGKILL, crash) is taken over; on another host, or when unsure, the lock counts as held (the safe
 * answer: the caller then writes a chain of its own).
 */
export class FileLock {
  private released = false;

  private constructor(
    readonly path: string,
    private readonly content: string,
  ) {
    HELD_HERE.add(path);
    if (!exitHook) {
      exitHook = true;
      // Locks not released by close() (the process exits without shutting the server down).
      process.once('exit', () => [...HELD_HERE].forEach((p) => unlinkQuietly(p)));
    }
  }

  /** Takes the lock, or returns who holds it. */
  static acquire(path: string): FileLock | { heldBy: string } {
    const content = `${process.pid} ${hostname()}\n`;
    for (let attempt = 0; attempt < 4; attempt++) {
      if (HELD_HERE.has(path)) return { heldBy: `this process (${process.pid})` };
      if (createExclusive(path, content)) return new FileLock(path, content);
      const seen = readLock(path);
      if (seen === undefined) continue; // removed meanwhile: try again
      if (!isStale(seen)) return { heldBy: describe(seen.text) };
      if (!takeOver(path, seen.text)) return { heldBy: 'another process (it took the stale lock first)' };
    }
    return { heldBy: 'another process (lock keeps changing)' };
  }

  /** Removes the lock if it is still ours. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    HELD_HERE.delete(this.path);
    if (readLock(this.path)?.text === this.content) unlinkQuietly(this.path);
  }
}

interface SeenLock {
  text: string;
  ageMs: number;
}

function readLock(path: string): SeenLock | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { text: '', ageMs: 0 }; // a link or something odd: unreadable, and young, so held
  }
  try {
    const st = fstatSync(fd);
    const buf = Buffer.alloc(256);
    const n = st.isFile() ? readSync(fd, buf, 0, buf.length, 0) : 0;
    return { text: buf.subarray(0, n).toString('utf8'), ageMs: Date.now() - st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

function isStale({ text, ageMs }: SeenLock): boolean {
  const match = /^(\d+) (\S+)\n$/.exec(text);
  if (!match) return ageMs > UNREADABLE_STALE_MS;
  const [, pidText, host] = match;
  if (host !== hostname()) return false; // cannot tell whether it lives
  const pid = Number(pidText);
  // Our own pid in a lock this process does not hold: left by an earlier process that had our pid
  // (pid 1 in a container, reused pids).
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes the stale lock `staleText` if it is still the lock at `path`, under a short-lived guard file
 * (`<lock>.takeover`, created exclusively): takeovers happen one at a time, and a lock is never moved away
 * while it might be a live writer's (renaming a fresh lock aside, even to put it back, left a moment in which
 * a third process could create its own and two writers would both hold the file). A busy guard means another
 * process is taking over: this one counts the lock as held. A guard left by a process that died inside the
 * few statements it is held for is removed once it is older than TAKEOVER_STALE_MS.
 */
export function takeOver(path: string, staleText: string): boolean {
  const guard = `${path}.takeover`;
  if (!createExclusive(guard, `${process.pid} ${hostname()}\n`)) {
    const seen = readLock(guard);
    if (seen !== undefined && seen.ageMs > TAKEOVER_STALE_MS) unlinkQuietly(guard);
    return false;
  }
  try {
    const now = readLock(path);
    if (now === undefined) return true; // gone already: the caller tries to create it again
    if (now.text !== staleText) return false; // replaced: another process took it over first
    unlinkQuietly(path);
    return true;
  } finally {
    unlinkQuietly(guard);
  }
}

/** Creates `path` with `content` if it does not exist (O_EXCL); false if it does. */
function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0),
      0o600,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function describe(text: string): string {
  const match = /^(\d+) (\S+)\n$/.exec(text);
  return match ? `process ${match[1]} on ${match[2]}` : 'another process';
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
