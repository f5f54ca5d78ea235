export { IS_SAFE_PATH, IsSafePath, isSafePath } from './is-safe-path';
export type { IsSafePathOptions } from './is-safe-path';
export { IS_SAFE_ARG, IsSafeArg, isSafeArg } from './is-safe-arg';
export { NO_CONTROL_CHARS, NoControlChars, noControlChars } from './no-control-chars';
export type { NoControlCharsOptions } from './no-control-chars';
export { IS_SAFE_URL, IsSafeUrl, isSafeUrl } from './is-safe-url';
export type { IsSafeUrlOptions } from './is-safe-url';
export type { ValidationOptions } from './validation-options';
