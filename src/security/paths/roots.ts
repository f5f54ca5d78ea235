import * as fs from 'node:fs';
import * as path from 'node:path';
import { StartupError } from '../../errors';
import { checkPathSyntax } from './lexical';
import { ABSOLUTE_OUTSIDE, problemError } from './errors';
import { ToolError } from '../../errors';

/** A configured root: the absolute form the operator wrote and its real path (symlinks resolved). */
export interface Root {
  readonly configured: string;
  readonly real: string;
}

/**
 * Resolves the configured roots once, synchronously, so that a missing root stops start-up instead of
 * failing the first call. Relative roots are taken from the current directory.
 */
export function loadRoots(roots: readonly string[]): Root[] {
  if (!Array.isArray(roots) || roots.length === 0) throw new StartupError('SafeFs needs at least one root');
  return roots.map((root) => {
    const configured = path.resolve(root);
    let real: string;
    try {
      real = fs.realpathSync(configured);
    } catch (error) {
      throw new StartupError(`SafeFs root ${configured} does not exist or cannot be read`, { cause: error });
    }
    if (!fs.statSync(real).isDirectory())
      throw new StartupError(`SafeFs root ${configured} is not a directory`);
    return { configured, real };
  });
}

/** True when `candidate` equals a root or lies below it; `root + sep` defeats sibling prefixes (`/data-evil`). */
export function isInside(candidate: string, roots: readonly string[]): boolean {
  return roots.some(
    (root) => candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep),
  );
}

/**
 * Maps a client path onto an absolute path below a root's real path, lexically: relative paths are taken
 * from the first root; absolute paths must lie inside a root (as configured or as its real path).
 * Throws a ToolError for anything refused by {@link checkPathSyntax} or lying outside every root.
 */
export function locate(p: string, roots: readonly Root[]): string {
  const problem = checkPathSyntax(p, { allowAbsolute: true });
  if (problem) throw problemError(problem);
  // Not normalised: `..` is resolved later, one component at a time (`a/../b` where `a` is a link is not `b`).
  if (!path.isAbsolute(p)) return roots[0].real + path.sep + p;
  const absolute = p.replace(/\/+/g, '/');
  for (const root of roots) {
    for (const prefix of [root.real, root.configured]) {
      if (isInside(absolute, [prefix])) return root.real + absolute.slice(prefix.length);
    }
  }
  throw new ToolError(ABSOLUTE_OUTSIDE);
}
