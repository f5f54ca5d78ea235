import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
// O_NOFOLLOW: a symlink planted at the audit path is refused (ELOOP) instead of followed to, say, ~/.bashrc.
// O_NONBLOCK: opening a FIFO planted there returns at once (and is then refused) instead of hanging start-up.
// Both are 0 where the platform lacks them (Windows), where the lstat check below still refuses links.
const OPEN_FLAGS =
  constants.O_APPEND |
  constants.O_RDWR |
  constants.O_CREAT |
  (constants.O_NOFOLLOW ?? 0) |
  (constants.O_NONBLOCK ?? 0);

/** Says what `openAuditFile` fixed (a mode that was wider than it should be). */
export type AuditWarn = (message: string) => void;

/**
 * Opens (creating if needed) an append-only file for audit data, refusing what an attacker who could write the
 * directory might have planted, and tightening modes on every open, not only on creation:
 * - the directory is created `0700`; see {@link secureDirectory} for an existing one;
 * - a symlink at the path is refused (not followed), a FIFO, socket or device is refused (never blocks);
 * - a file owned by another user, or with more than one hard link, is refused;
 * - an existing file readable or writable by group/others is set to `0600`, with a warning.
 * Returns the descriptor (O_APPEND | O_RDWR).
 */
export function openAuditFile(
  path: string,
  warn: AuditWarn,
  options: { privateDir?: boolean; dirChecked?: boolean } = {},
): number {
  if (!options.dirChecked) secureDirectory(dirname(path), warn, options.privateDir);
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS, FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK')
      throw new Error(`audit log ${path} is a symbolic link; refusing to follow it (move it aside)`);
    throw error;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new Error(`audit log ${path} is not a regular file (a FIFO, socket or device); refusing it`);
    // The lstat after the open closes the gap on platforms without O_NOFOLLOW: same inode or refuse.
    const link = lstatSync(path);
    if (link.isSymbolicLink() || link.ino !== st.ino || link.dev !== st.dev)
      throw new Error(`audit log ${path} is a symbolic link or was replaced while opening; refusing it`);
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid)
      throw new Error(`audit log ${path} belongs to another user (uid ${st.uid}); refusing to append to it`);
    if (st.nlink > 1)
      throw new Error(
        `audit log ${path} has ${st.nlink} hard links; refusing it (another name could edit it)`,
      );
    if (process.platform !== 'win32' && (st.mode & 0o777) !== FILE_MODE) {
      fchmodSync(fd, FILE_MODE);
      if ((st.mode & 0o077) !== 0) warn(`audit log ${path} had mode ${octal(st.mode)}; set to 0600`);
    }
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Creates the audit directory `0700`. An existing directory is never loosened and only changed when it is
 * `private` (it holds audit data only, like the default `<state dir>/audit`): then it is set back to `0700`
 * with a warning. Any other directory that others can write to (and that is not sticky, like /tmp) is
 * refused: they could replace the audit file; a group-writable one is reported. A directory chosen by the operator (`/var/log/app`) is not
 * chmod-ed: it may be shared with other readers on purpose.
 */
export function secureDirectory(dir: string, warn: AuditWarn, isPrivate = false): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  if (process.platform === 'win32') return;
  // stat, not lstat: a linked directory (logs -> /var/log/app) is an operator's choice; its target is checked.
  const st = statSync(dir);
  const uid = process.getuid?.();
  const ours = uid === undefined || st.uid === uid;
  if (isPrivate && ours && (st.mode & 0o077) !== 0) {
    chmodSync(dir, DIR_MODE);
    warn(`audit directory ${dir} had mode ${octal(st.mode)}; set to 0700`);
    return;
  }
  if ((st.mode & 0o1000) !== 0) return; // sticky (/tmp): others cannot rename or remove our file
  if ((st.mode & 0o002) !== 0)
    throw new Error(
      `audit directory ${dir} is writable by other users (mode ${octal(st.mode)}), who could replace the audit ` +
        'file; use a directory only you can write to (chmod o-w, or another audit.file)',
    );
  // Group-writable is common and harmless with per-user groups (umask 002), so it is reported, not refused.
  if ((st.mode & 0o020) !== 0)
    warn(
      `audit directory ${dir} is group-writable (mode ${octal(st.mode)}): every member of group ${st.gid} could ` +
        'replace the audit file; chmod g-w unless that group is yours alone',
    );
}

const octal = (mode: number) => '0' + (mode & 0o777).toString(8);
