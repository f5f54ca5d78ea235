import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

export const NO_CONTROL_CHARS = 'noControlChars';

export interface NoControlCharsOptions {
  /** Accept `\n` and `\r` (multi-line text). Default false. */
  allowNewlines?: boolean;
  /** Accept `\t`. Default false. */
  allowTab?: boolean;
}

// C0 controls, DEL, C1 controls, and the bidi embedding/override/isolate controls that make text read
// differently from what it is ("Trojan Source"). LRM/RLM marks stay allowed: real RTL text uses them.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** True for a string without control characters (newlines and tab only when the options allow them). */
export function noControlChars(value: unknown, options: NoControlCharsOptions = {}): boolean {
  if (typeof value !== 'string') return false;
  if (FORBIDDEN.test(value)) return false;
  if (!options.allowNewlines && /[\n\r]/.test(value)) return false;
  if (!options.allowTab && value.includes('\t')) return false;
  return true;
}

/** DTO field decorator for {@link noControlChars}. The message never echoes the value. */
export function NoControlChars(
  options?: NoControlCharsOptions,
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: NO_CONTROL_CHARS,
      constraints: [options],
      validator: {
        validate: (value): boolean => noControlChars(value, options),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a string without control characters or bidi overrides`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
