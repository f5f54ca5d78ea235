import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../../errors';
import { isNotFound } from './errors';
import { withPinnedDir } from './pinned';

// O_EXCL makes open fail on any existing name, symlinks included, so the temp file is always new.
const CREATE_FLAGS =
  fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);

/**
 * Writes `data` as `name` in the confined directory `realDir`: into a fresh temp file beside it, then
 * `rename` into place, so readers never see a half-written file and a symlink at the target is never
 * followed (rename replaces the name itself; we refuse links anyway).
 */
export async function atomicWrite(
  realDir: string,
  name: string,
  data: Uint8Array,
  roots: readonly string[],
): Promise<void> {
  await withPinnedDir(realDir, roots, async (dir, recheck) => {
    const target = path.join(dir, name);
    const existing = await lstatOrUndefined(target);
    refuseTarget(existing);
    const temp = path.join(dir, `.smcp-${randomBytes(8).toString('hex')}.tmp`);
    // 0o666 minus the umask, as for any new file; a replaced file keeps its permission bits below, but
    // never setuid/setgid/sticky: new content must not inherit privileges.
    const handle = await fsp.open(temp, CREATE_FLAGS, 0o666);
    try {
      try {
        await handle.writeFile(data);
        if (existing) await handle.chmod(existing.mode & 0o777);
      } finally {
        await handle.close();
      }
      await recheck();
      refuseTarget(await lstatOrUndefined(target));
      await fsp.rename(temp, target);
    } catch (error) {
      await fsp.unlink(temp).catch(() => undefined);
      throw error;
    }
  });
}

function refuseTarget(stats: fs.Stats | undefined): void {
  if (stats?.isSymbolicLink()) throw new ToolError('refusing to write through a symbolic link');
  if (stats?.isDirectory()) throw new ToolError('path is a directory');
}

async function lstatOrUndefined(p: string): Promise<fs.Stats | undefined> {
  try {
    return await fsp.lstat(p);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
