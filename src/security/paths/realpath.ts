import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../../errors';
import { DOTDOT_LEAVES, LINK_LEAVES, LINK_LOOP, fsError, isNotFound, outsideError } from './errors';
import { type Root, isInside } from './roots';
import type { AbortCheck } from '../signal-aware';

/** Symlinks followed while resolving one path, as Linux's MAXSYMLINKS; more is a loop (refused as outside). */
const MAX_LINKS = 40;
/** Path components walked for one path, link targets included: the work per call is bounded whatever links say. */
const MAX_STEPS = 4096;

interface Step {
  name: string;
  viaLink: boolean;
}

/** Where a path leads: the real path of its longest existing prefix and the names below it that do not exist. */
export interface Resolved {
  existing: string;
  missing: string[];
}

/**
 * Resolves `absolute` (a lexically confined path below a root's real path) one component at a time, like
 * realpath(3), with two differences that make it safe to answer a client from:
 *
 * - Nothing outside the roots is ever looked at. A symlink whose target leaves the roots is refused from its
 *   text alone, before any system call on the target: an out-of-root link answers "outside" the same way
 *   whether its target exists, is missing or cannot be read, so it is no oracle for the rest of the host.
 *   Ancestors of a root (`/`, `/srv` for `/srv/data`) are passed through lexically, without a call.
 * - One `lstat` per component (plus one `readlink` per link), stopping at the first missing name: linear in
 *   depth, bounded by {@link MAX_STEPS}, and `signal` stops it between calls (the call's timeout).
 */
export async function resolveInRoots(
  absolute: string,
  roots: readonly Root[],
  signal?: AbortCheck,
): Promise<Resolved> {
  const realRoots = roots.map((root) => root.real);
  const start = roots.find((root) => isInside(absolute, [root.real]));
  if (!start) throw outsideError();
  // Components still to walk, the next one last (link targets are pushed in front of what follows them).
  // `viaLink` marks names that came from a link's text, so a refusal says which of the two left the root.
  const pending: Step[] = components(absolute.slice(start.real.length))
    .reverse()
    .map((name) => ({ name, viaLink: false }));
  let current = start.real;
  let links = 0;
  let steps = 0;
  // Set once a link's text has taken the walk out of the roots (to an ancestor on the way to another root).
  let outByLink = false;
  while (pending.length > 0) {
    signal?.throwIfAborted();
    if (++steps > MAX_STEPS) throw new ToolError('path is too long');
    const { name, viaLink } = pending.pop()!;
    if (name === '.') continue;
    // `current` is a real path (no links), so its `..` is its lexical parent. As in Go's os.Root, a `..` the
    // client wrote may move up inside the root (`sub/../ok.txt`) but never above it.
    if (name === '..') {
      if (!viaLink && roots.some((r) => r.real === current)) throw new ToolError(DOTDOT_LEAVES);
      current = path.dirname(current);
      if (viaLink && !isInside(current, realRoots)) outByLink = true;
      continue;
    }
    const next = path.join(current, name);
    const root = roots.find((r) => r.real === next || r.configured === next);
    if (root) {
      current = root.real; // a root (also reached by its configured, possibly symlinked, form): trusted
      continue;
    }
    if (!isInside(next, realRoots)) {
      if (isAncestorOfRoot(next, roots)) {
        current = next; // on the way to a root: no call, nothing learnt
        continue;
      }
      // Decided from names alone (the link's text included), never from what exists out there: no oracle.
      throw viaLink || outByLink ? new ToolError(LINK_LEAVES) : outsideError();
    }
    let stats;
    try {
      stats = await fsp.lstat(next);
    } catch (error) {
      if (!isNotFound(error)) throw fsError(error);
      const missing = [name, ...pending.reverse().map((p) => p.name)].filter((n) => n !== '.');
      // Below a missing name nothing exists, and `..` there has no meaning a later create could honour.
      if (missing.includes('..')) throw fsError(error);
      return { existing: current, missing };
    }
    if (stats.isSymbolicLink()) {
      if (++links > MAX_LINKS) throw new ToolError(LINK_LOOP);
      const target = await fsp.readlink(next).catch((error: unknown) => Promise.reject(fsError(error)));
      pending.push(
        ...components(target)
          .reverse()
          .map((n) => ({ name: n, viaLink: true })),
      );
      if (path.isAbsolute(target)) {
        current = path.parse(next).root;
        outByLink = true;
      }
      continue;
    }
    if (!stats.isDirectory() && pending.length > 0) {
      throw new ToolError('path is not a directory', { meta: { code: 'ENOTDIR' } });
    }
    current = next;
  }
  return { existing: current, missing: [] };
}

/** The resolved path as one string (the missing names appended). */
export function joinResolved(resolved: Resolved): string {
  return resolved.missing.length === 0
    ? resolved.existing
    : path.join(resolved.existing, ...resolved.missing);
}

// A backslash is an ordinary character in a POSIX name (and in a link's text there).
const SEPARATORS = path.sep === '\\' ? /[\\/]+/ : /\/+/;

function components(p: string): string[] {
  return p.split(SEPARATORS).filter((c) => c !== '');
}

function isAncestorOfRoot(p: string, roots: readonly Root[]): boolean {
  const prefix = p.endsWith(path.sep) ? p : p + path.sep;
  return roots.some((root) => root.real.startsWith(prefix) || root.configured.startsWith(prefix));
}
