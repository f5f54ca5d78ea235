import { join } from 'node:path';
import {
  ConfigFileError,
  readConfigBytesSync,
  readConfigFileSync,
} from '../../../../security/files/read-config-file';
import type { GitRepo } from './repo';

/** Index files of real repositories reach tens of MB; anything past this is not read (reported). */
export const INDEX_MAX_BYTES = 256 * 1024 * 1024;

export class GitIndexError extends Error {}

function hashLength(repo: GitRepo): number {
  try {
    const config = readConfigFileSync(join(repo.commonDir, 'config'), { maxBytes: 1024 * 1024 });
    return /^\s*objectformat\s*=\s*sha256\s*$/im.test(config) ? 32 : 20;
  } catch {
    return 20;
  }
}

function readBytes(file: string): Buffer {
  return readConfigBytesSync(file, { maxBytes: INDEX_MAX_BYTES });
}

/**
 * Every path recorded in one index file, and the shared index it points to (split index), if any.
 * Format: https://git-scm.com/docs/index-format (versions 2, 3 and 4). Bounds are checked on every read.
 */
function parseIndex(buf: Buffer, hashLen: number): { paths: Set<string>; shared?: string } {
  const fail = (why: string): never => {
    throw new GitIndexError(`git index ${why}`);
  };
  if (buf.length < 12 + hashLen || buf.toString('latin1', 0, 4) !== 'DIRC') fail('has no DIRC header');
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) fail(`version ${version} is not supported`);
  const count = buf.readUInt32BE(8);
  const end = buf.length - hashLen;
  const paths = new Set<string>();
  let pos = 12;
  let prev: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    const start = pos;
    const fixed = 40 + hashLen;
    if (pos + fixed + 2 > end) fail('is truncated');
    const flags = buf.readUInt16BE(pos + fixed);
    pos += fixed + 2;
    if (version >= 3 && flags & 0x4000) pos += 2;
    let path: Buffer;
    if (version === 4) {
      // Varint (offset encoding): how many bytes to drop from the end of the previous path.
      let byte = buf[pos++] ?? fail('is truncated');
      let strip = byte & 0x7f;
      while (byte & 0x80) {
        byte = buf[pos++] ?? fail('is truncated');
        strip = ((strip + 1) << 7) | (byte & 0x7f);
        if (strip > prev.length) fail('is corrupt');
      }
      if (strip > prev.length) fail('is corrupt');
      const nul = buf.indexOf(0, pos);
      if (nul === -1 || nul > end) fail('is truncated');
      path = Buffer.concat([prev.subarray(0, prev.length - strip), buf.subarray(pos, nul)]);
      pos = nul + 1;
    } else {
      const nul = buf.indexOf(0, pos);
      if (nul === -1 || nul > end) fail('is truncated');
      path = buf.subarray(pos, nul);
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
      pos = start + ((nul - start + 8) & ~7);
    }
    prev = path;
    // In a split index, an entry with an empty name replaces the shared entry at its position.
    if (path.length > 0) paths.add(path.toString('utf8'));
  }
  let shared: string | undefined;
  while (pos + 8 <= end) {
    const sig = buf.toString('latin1', pos, pos + 4);
    const size = buf.readUInt32BE(pos + 4);
    if (pos + 8 + size > end) break;
    if (sig === 'link' && size >= hashLen) shared = buf.toString('hex', pos + 8, pos + 8 + hashLen);
    pos += 8 + size;
  }
  return { paths, shared };
}

/**
 * The paths git tracks in `repo` (relative to its root, with `/`), read from the index file without
 * running git. Throws {@link GitIndexError} or {@link ConfigFileError} when the index cannot be read.
 */
export function trackedPaths(repo: GitRepo): Set<string> {
  const hashLen = hashLength(repo);
  let own;
  try {
    own = parseIndex(readBytes(join(repo.gitDir, 'index')), hashLen);
  } catch (e) {
    // A repository without an index (nothing staged yet) tracks nothing.
    if (e instanceof ConfigFileError && e.code === 'ENOENT') return new Set();
    throw e;
  }
  if (!own.shared || /^0+$/.test(own.shared)) return own.paths;
  // Split index: most entries live in sharedindex.<hash>. Entries it marks deleted are still counted,
  // which can only over-report "tracked", never hide it.
  const base = parseIndex(readBytes(join(repo.gitDir, `sharedindex.${own.shared}`)), hashLen);
  for (const p of own.paths) base.paths.add(p);
  return base.paths;
}
