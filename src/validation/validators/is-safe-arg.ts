import { ValidateBy, buildMessage } from 'class-validator';
import { toClassValidator, type ValidationOptions } from './validation-options';
import {
  BIDI_OVERRIDES,
  CONTROL,
  INVISIBLE,
  LINE_SEPARATORS,
  TAB_AND_NEWLINES,
  anyOf,
} from '../../security/char-classes';

export const IS_SAFE_ARG = 'isSafeArg';

// Controls (NUL, tab, CR, LF, U+0085 included), U+2028/U+2029, bidi overrides and invisible characters: what the
// program receives must be what a reviewer of the command line sees.
const FORBIDDEN = anyOf(CONTROL, TAB_AND_NEWLINES, LINE_SEPARATORS, BIDI_OVERRIDES, INVISIBLE);

/**
 * For a value passed as one argument to a child process: a non-empty string that cannot be read as an
 * option (no leading `-`, so `--output=/etc/x` or `-rf` stay data) and has no NUL, line break, other
 * control character, bidi override or invisible character. Pass it with `execFile`/`spawn` and an argument array, never through a shell.
 */
export function isSafeArg(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && !value.startsWith('-') && !FORBIDDEN.test(value);
}

/** DTO field decorator for {@link isSafeArg}. The message never echoes the value. */
export function IsSafeArg(validation?: ValidationOptions): PropertyDecorator {
  const validationOptions = toClassValidator(validation);
  return ValidateBy(
    {
      name: IS_SAFE_ARG,
      validator: {
        validate: (value): boolean => isSafeArg(value),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be a non-empty argument that does not start with '-' and has no NUL, ` +
            'line break, control, invisible or bidi-override character',
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
