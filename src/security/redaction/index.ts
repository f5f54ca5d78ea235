export { capString, REDACTED } from './cap-string';
export {
  DEFAULT_MAX_ARG_BYTES,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_STRING_LENGTH,
  redactArgs,
  type RedactOptions,
} from './redact-args';
export { sensitivePaths } from './sensitive-paths';
