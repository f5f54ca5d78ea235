import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

export const IS_SAFE_ARG = 'isSafeArg';

// C0 controls (NUL, CR, LF included), DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * For a value passed as one argument to a child process: a non-empty string that cannot be read as an
 * option (no leading `-`, so `--output=/etc/x` or `-rf` stay data) and has no NUL, line break or other
 * control character. Pass it with `execFile`/`spawn` and an argument array, never through a shell.
 */
export function isSafeArg(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && !value.startsWith('-') && !CONTROL.test(value);
}

/** DTO field decorator for {@link isSafeArg}. The message never echoes the value. */
export function IsSafeArg(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_SAFE_ARG,
      validator: {
        validate: (value): boolean => isSafeArg(value),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be a non-empty argument that does not start with '-' and has no NUL, ` +
            'line break or control character',
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
