export { SafeFs } from './safe-fs';
export type { SafeFsOptions, DirEntry, FileStat } from './safe-fs';
export { checkPathSyntax, MAX_PATH_BYTES, MAX_SEGMENT_BYTES } from './lexical';
export type { LexicalOptions, PathProblem } from './lexical';
export { OUTSIDE_ROOTS } from './errors';
