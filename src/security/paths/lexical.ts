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
export type PathProblem =
  'empty' | 'chars' | 'long' | 'dotdot' | 'drive' | 'windows' | 'absolute' | 'lookalike';

export interface LexicalOptions {
  /** Accept `/abs/path` (SafeFs maps it onto a root later). Default false. */
  allowAbsolute?: boolean;
  /**
   * Windows rules: refuse drive letters (`C:`, `c:x`), segments Windows rewrites into `..` (dots and spaces
   * only, such as `...` or `.. `) and names ending with a dot or space. Default: on when the server runs on
   * Windows; on POSIX `f:oo` and `a.` are ordinary names.
   */
  windowsRules?: boolean;
}

const ON_WINDOWS = process.platform === 'win32';

// Controls (NUL truncates in C APIs; U+0085 and U+2028/9 break lines in logs and listings), bidi overrides and
// invisible characters (a name that reads as another): never meaningful in a file name a client sends.
const CONTROL = anyOf(CONTROL_CHARS, TAB_AND_NEWLINES, LINE_SEPARATORS, BIDI_OVERRIDES, INVISIBLE);
// `C:`, `C:\`, `C:foo` (drive-relative: Windows only; `f:oo` is an ordinary POSIX name) and UNC / device
// forms `\\server`, `\\?\`, `//server`.
const DRIVE = /^[a-zA-Z]:/;
const UNC = /^[\\/]{2}/;
const DOTS_AND_SPACES = /^[. ]+$/;

const NON_ASCII = /[^\p{ASCII}]/u;

/**
 * Checks a path string without touching the filesystem: the one lexical check of both `@IsSafePath` and
 * SafeFs, so the two agree on every string. Returns the first problem found, or `undefined`.
 *
 * - `..` is fine while it stays below the start (`a/../b`); one that climbs above it (`a/../..`) is refused.
 *   SafeFs then resolves the remaining `..` one component at a time, as Go's `os.Root`.
 * - Backslash is refused outright (not treated as a separator) so a path means the same thing on every OS;
 *   so is a leading `//` (UNC on Windows, implementation-defined on POSIX).
 * - The same rules hold after NFKC normalization, so look-alikes (`．．／`) that some other component might
 *   normalize are refused too.
 */
export function checkPathSyntax(p: unknown, options: LexicalOptions = {}): PathProblem | undefined {
  if (typeof p !== 'string' || p.length === 0) return 'empty';
  const problem = checkForm(p, options);
  if (problem !== undefined || !NON_ASCII.test(p)) return problem;
  const normalized = p.normalize('NFKC');
  return normalized === p || checkForm(normalized, options) === undefined ? undefined : 'lookalike';
}

function checkForm(p: string, options: LexicalOptions): PathProblem | undefined {
  const windowsRules = options.windowsRules ?? ON_WINDOWS;
  if (CONTROL.test(p)) return 'chars';
  if (Buffer.byteLength(p, 'utf8') > MAX_PATH_BYTES) return 'long';
  if (UNC.test(p) || (windowsRules && DRIVE.test(p))) return 'drive';
  if (p.includes('\\')) return 'chars';
  if (p.startsWith('/') && !options.allowAbsolute) return 'absolute';
  let depth = 0;
  for (const segment of p.split('/')) {
    if (segment === '..') {
      if (--depth < 0) return 'dotdot';
    } else if (segment !== '' && segment !== '.') depth++;
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) return 'long';
    if (windowsRules && segment !== '' && segment !== '.' && isWindowsRewritten(segment)) return 'windows';
  }
  return undefined;
}

function isWindowsRewritten(segment: string): boolean {
  return DOTS_AND_SPACES.test(segment) || segment.endsWith('.') || segment.endsWith(' ');
}
