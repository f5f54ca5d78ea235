import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/** Default size cap for a configuration file: far above any real config, far below a memory problem. */
export const CONFIG_MAX_BYTES = 10 * 1024 * 1024;

/** Why a configuration file was not read. `ENOENT` and other OS codes are passed through. */
export type ConfigFileProblem = 'ENOTREG' | 'ETOOBIG' | string;

/** A configuration file that is missing, not a regular file, too large, or unreadable. Never quotes content. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly code: ConfigFileProblem,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ConfigFileError';
  }
}

export interface ReadConfigFileOptions {
  /** Largest accepted size in bytes (default {@link CONFIG_MAX_BYTES}). */
  maxBytes?: number;
  /**
   * Follow a symbolic link at the path itself (default true: dotfile managers and Kubernetes mounts link
   * configs). The target must still be a regular file. `false` refuses any link (`O_NOFOLLOW`).
   */
  followSymlinks?: boolean;
}

// O_NONBLOCK: opening a FIFO must not wait for a writer. Both flags are absent on Windows (no FIFOs there).
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CHUNK = 64 * 1024;

function flags(o: ReadConfigFileOptions): number {
  return constants.O_RDONLY | NONBLOCK | (o.followSymlinks === false ? NOFOLLOW : 0);
}

function kind(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function openError(file: string, e: unknown): ConfigFileError {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  // O_NOFOLLOW on a link fails with ELOOP (Linux) or EMLINK (BSD/macOS).
  if (code === 'ELOOP' || code === 'EMLINK')
    return new ConfigFileError(file, code, 'is a symbolic link; not read');
  if (code === 'ENOENT') return new ConfigFileError(file, code, 'no such file');
  return new ConfigFileError(file, code, `cannot be read (${code})`);
}

function checkStat(file: string, st: Stats, max: number): void {
  if (!st.isFile())
    throw new ConfigFileError(file, 'ENOTREG', `is ${kind(st)}, not a regular file; not read`);
  if (st.size > max) throw new ConfigFileError(file, 'ETOOBIG', `is larger than ${max} bytes; not read`);
}

function tooBig(file: string, max: number): ConfigFileError {
  return new ConfigFileError(file, 'ETOOBIG', `is larger than ${max} bytes; not read`);
}

/**
 * Reads a configuration file as UTF-8, safely for files an attacker may have planted: opened without
 * blocking, then checked on the open descriptor (so a swap after the check does not matter) to be a
 * regular file no larger than the cap, and read no further than the cap even if it grows meanwhile.
 * Throws {@link ConfigFileError}.
 */
export function readConfigFileSync(file: string, o: ReadConfigFileOptions = {}): string {
  return readConfigBytesSync(file, o).toString('utf8');
}

/** {@link readConfigFileSync} for binary files (e.g. a git index): the bytes, undecoded. */
export function readConfigBytesSync(file: string, o: ReadConfigFileOptions = {}): Buffer {
  const max = o.maxBytes ?? CONFIG_MAX_BYTES;
  let fd: number;
  try {
    fd = openSync(file, flags(o));
  } catch (e) {
    throw openError(file, e);
  }
  try {
    checkStat(file, fstatSync(fd), max);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      total += n;
      // The size was checked, but the file may grow while it is read.
      if (total > max) throw tooBig(file, max);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof ConfigFileError) throw e;
    throw openError(file, e);
  } finally {
    closeSync(fd);
  }
}

/** The asynchronous form of {@link readConfigFileSync} (same checks, same errors). */
export async function readConfigFile(file: string, o: ReadConfigFileOptions = {}): Promise<string> {
  const max = o.maxBytes ?? CONFIG_MAX_BYTES;
  let handle;
  try {
    handle = await open(file, flags(o));
  } catch (e) {
    throw openError(file, e);
  }
  try {
    const st = await handle.stat();
    checkStat(file, st, max);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > max) throw tooBig(file, max);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (e) {
    if (e instanceof ConfigFileError) throw e;
    throw openError(file, e);
  } finally {
    await handle.close();
  }
}
