import {
  BIDI_OVERRIDES,
  CONTROL as CONTROL_CHARS,
  INVISIBLE,
  LINE_SEPARATORS,
  TAB_AND_NEWLINES,
  anyOf,
} from '../char-classes';

/** Longest path accepted, in UTF-8 bytes (Linux PATH_MAX). */
export const MAX_PATH_BYTES = 4096;
/** Longest single segment accepted, in UTF-8 bytes (NAME_MAX on common filesystems). */
export const MAX_SEGMENT_BYTES = 255;

/** Why a path string was refused before touching the filesystem. */
export type PathProblem = 'empty' | 'chars' | 'long' | 'dotdot' | 'drive' | 'windows' | 'absolute';

export interface LexicalOptions {
  /** Accept `/abs/path` (SafeFs maps it onto a root later). Default false. */
  allowAbsolute?: boolean;
  /**
   * Also refuse segments Windows would rewrite into `..` (dot-and-space-only segments such as `...` or
   * `.. `) and names ending with a dot or space. Always on in validators, whose server OS is unknown.
   */
  windowsRules?: boolean;
  /**
   * Accept `..` segments (SafeFs resolves them one component at a time and refuses one that leaves the root).
   * Default false: a validator cannot know where a `..` leads.
   */
  allowDotDot?: boolean;
}

// Controls (NUL truncates in C APIs; U+0085 and U+2028/9 break lines in logs and listings), bidi overrides and
// invisible characters (a name that reads as another): never meaningful in a file name a client sends.
const CONTROL = anyOf(CONTROL_CHARS, TAB_AND_NEWLINES, LINE_SEPARATORS, BIDI_OVERRIDES, INVISIBLE);
// `C:`, `C:\`, `C:foo` (drive-relative: Windows only; `f:oo` is an ordinary POSIX name) and UNC / device
// forms `\\server`, `\\?\`, `//server`.
const DRIVE = /^[a-zA-Z]:/;
const UNC = /^[\\/]{2}/;
const DOTS_AND_SPACES = /^[. ]+$/;

/**
 * Checks a path string without touching the filesystem. Returns the first problem found, or `undefined`.
 * Backslash is refused outright (not treated as a separator) so a path means the same thing on every OS.
 */
export function checkPathSyntax(p: unknown, options: LexicalOptions = {}): PathProblem | undefined {
  if (typeof p !== 'string' || p.length === 0) return 'empty';
  if (CONTROL.test(p)) return 'chars';
  if (Buffer.byteLength(p, 'utf8') > MAX_PATH_BYTES) return 'long';
  if (UNC.test(p) || (options.windowsRules && DRIVE.test(p))) return 'drive';
  if (p.includes('\\')) return 'chars';
  if (p.startsWith('/') && !options.allowAbsolute) return 'absolute';
  for (const segment of p.split('/')) {
    if (segment === '..' && !options.allowDotDot) return 'dotdot';
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) return 'long';
    if (options.windowsRules && segment !== '' && segment !== '.' && isWindowsRewritten(segment)) {
      return 'windows';
    }
  }
  return undefined;
}

function isWindowsRewritten(segment: string): boolean {
  return DOTS_AND_SPACES.test(segment) || segment.endsWith('.') || segment.endsWith(' ');
}
