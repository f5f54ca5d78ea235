import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK = 64 * 1024;
/** Records are a few KiB; a last line longer than this is not one of ours. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** The end of a file as the writer needs it on open. */
export interface FileTail {
  /** The last newline-terminated line (without the newline), or undefined when there is none. */
  lastLine?: string;
  /** Bytes after the last newline (a line cut short by a crash), or undefined when the file ends in \n. */
  fragment?: Buffer;
  /** Offset just after the last newline (where a fragment starts). */
  fragmentStart: number;
}

/**
 * Reads backwards from the end of an open file, 64 KiB at a time, until it holds the last complete line:
 * opening a 1 GB log reads a few KiB. Throws when the last line is longer than {@link MAX_LINE_BYTES}.
 */
export function readTail(fd: number, size: number): FileTail {
  let end = size;
  let buffered = Buffer.alloc(0);
  let lastNewline = -1; // index in `buffered` of the file's last \n
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const chunk = Buffer.alloc(end - start);
    readSync(fd, chunk, 0, chunk.length, start);
    buffered = Buffer.concat([chunk, buffered]);
    end = start;
    if (lastNewline === -1) {
      const at = buffered.lastIndexOf(0x0a);
      if (at !== -1) lastNewline = at;
    } else {
      lastNewline += chunk.length;
    }
    if (lastNewline !== -1) {
      // (Buffer#lastIndexOf reads a negative offset as "from the end", hence the guard.)
      const previous = lastNewline > 0 ? buffered.lastIndexOf(0x0a, lastNewline - 1) : -1;
      if (previous !== -1 || end === 0) return split(buffered, end, previous, lastNewline);
    }
    if (buffered.length > MAX_LINE_BYTES) throw new Error(`last line is longer than ${MAX_LINE_BYTES} bytes`);
  }
  // No newline at all: everything is a fragment.
  return { fragment: buffered.length > 0 ? buffered : undefined, fragmentStart: 0 };
}

function split(buffered: Buffer, offset: number, previous: number, lastNewline: number): FileTail {
  const fragment = buffered.subarray(lastNewline + 1);
  return {
    lastLine: buffered.subarray(previous + 1, lastNewline).toString('utf8'),
    fragment: fragment.length > 0 ? Buffer.from(fragment) : undefined,
    fragmentStart: offset + lastNewline + 1,
  };
}

/** The first newline-terminated line of an open file (reads at most one chunk), or undefined. */
export function readHead(fd: number, size: number): string | undefined {
  const chunk = Buffer.alloc(Math.min(size, CHUNK));
  const n = readSync(fd, chunk, 0, chunk.length, 0);
  const nl = chunk.subarray(0, n).indexOf(0x0a);
  return nl === -1 ? undefined : chunk.subarray(0, nl).toString('utf8');
}

/** {@link readTail} of a file by path. */
export function readTailOf(path: string): FileTail {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    return readTail(fd, st.size);
  } finally {
    closeSync(fd);
  }
}
