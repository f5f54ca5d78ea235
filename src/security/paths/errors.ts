import { ToolError } from '../../errors';
import type { PathProblem } from './lexical';

// Client-facing messages. None of them may contain the raw input or a host path: the client chose the
// former and must not learn the latter.
export const OUTSIDE_ROOTS = 'path is outside the allowed roots';
// Each refusal says why, in words a model can act on.
export const DOTDOT_LEAVES = "path is outside the allowed roots: '..' leaves the root";
export const LINK_LEAVES = 'path is outside the allowed roots: a symbolic link leads outside the root';
export const LINK_LOOP = 'path has too many symbolic links (a loop?)';
export const ABSOLUTE_OUTSIDE =
  'path is outside the allowed roots: an absolute path must lie inside a root (or give a path relative to the root)';
export const READ_ONLY = 'this tool is read-only: writing, removing and creating files is not allowed';

const PROBLEM_MESSAGES: Record<PathProblem, string> = {
  empty: 'path must be a non-empty string',
  chars:
    'path contains characters that are not allowed (NUL, control, invisible or bidi-override characters, or backslash)',
  long: 'path is too long',
  dotdot: DOTDOT_LEAVES,
  drive: 'drive letters and network (UNC) paths are not allowed: give a path relative to the root',
  windows: 'path has a name that Windows would change (only dots and spaces, or a dot or space at its end)',
  absolute: 'absolute paths are not allowed: give a path relative to the root',
  lookalike:
    'path contains look-alike characters (full-width dots or slashes, for instance) that read as another path: use plain . and /',
};

export function problemError(problem: PathProblem): ToolError {
  return new ToolError(PROBLEM_MESSAGES[problem]);
}

export function outsideError(): ToolError {
  return new ToolError(OUTSIDE_ROOTS);
}

const FS_MESSAGES: Record<string, string> = {
  ENOENT: 'file or directory not found',
  EEXIST: 'file or directory already exists',
  EISDIR: 'path is a directory',
  ENOTDIR: 'path is not a directory',
  ENOTEMPTY: 'directory is not empty',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  // O_NOFOLLOW met a symlink that was not there when the path was resolved: refused, whatever it points at.
  ELOOP: 'path changed into a symbolic link while in use (refused)',
  ENAMETOOLONG: 'path is too long',
};

/**
 * Turns a Node fs error into a {@link ToolError} without the path Node put in its message. Unknown errors
 * are returned unchanged: the server reports them as internal errors and logs the details.
 */
export function fsError(error: unknown): unknown {
  if (error instanceof ToolError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = code === undefined ? undefined : FS_MESSAGES[code];
  return message === undefined ? error : new ToolError(message, { meta: { code } });
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
