import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fsError, isNotFound, outsideError } from './errors';

/**
 * Real path of `absolute`, resolving symlinks in its longest existing prefix; the missing tail (a file
 * about to be written) is appended as is. Only ENOENT walks up: any other error stops resolution.
 */
export async function realpathLongest(absolute: string): Promise<string> {
  const tail: string[] = [];
  let head = absolute;
  for (;;) {
    try {
      const real = await fsp.realpath(head);
      return tail.length === 0 ? real : path.join(real, ...tail.reverse());
    } catch (error) {
      if (!isNotFound(error)) throw fsError(error);
      // A name that exists but has no real path is a dangling symlink: where it points is unknown, so
      // accepting it would let a later create land wherever the link says.
      if (await isSymlink(head)) throw outsideError();
      const parent = path.dirname(head);
      if (parent === head) throw fsError(error);
      tail.push(path.basename(head));
      head = parent;
    }
  }
}

async function isSymlink(p: string): Promise<boolean> {
  try {
    return (await fsp.lstat(p)).isSymbolicLink();
  } catch {
    return false;
  }
}
