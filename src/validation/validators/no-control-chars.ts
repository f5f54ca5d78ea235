import { ValidateBy, buildMessage } from 'class-validator';
import { toClassValidator, type ValidationOptions } from './validation-options';
import { BIDI_OVERRIDES, CONTROL, INVISIBLE, LINE_SEPARATORS, anyOf } from '../../security/char-classes';

export const NO_CONTROL_CHARS = 'noControlChars';

export interface NoControlCharsOptions {
  /** Accept `\n`, `\r`, U+2028 and U+2029 (multi-line text). Default false. */
  allowNewlines?: boolean;
  /** Accept `\t`. Default false. */
  allowTab?: boolean;
}

// Controls (C0 but tab/newlines, DEL, C1 with U+0085), bidi overrides that make text read differently from what it
// is ("Trojan Source") and invisible characters (zero-width space, BOM, tags...). LRM/RLM, ZWJ/ZWNJ stay allowed:
// real RTL text, emoji sequences and several scripts use them.
const FORBIDDEN = anyOf(CONTROL, BIDI_OVERRIDES, INVISIBLE);
// U+2028/U+2029 break lines as surely as LF does.
const NEWLINES = anyOf('\\n\\r', LINE_SEPARATORS);

/** True for a string without control or invisible characters (newlines and tab only when the options allow them). */
export function noControlChars(value: unknown, options: NoControlCharsOptions = {}): boolean {
  if (typeof value !== 'string') return false;
  if (FORBIDDEN.test(value)) return false;
  if (!options.allowNewlines && NEWLINES.test(value)) return false;
  if (!options.allowTab && value.includes('\t')) return false;
  return true;
}

/** DTO field decorator for {@link noControlChars}. The message never echoes the value. */
export function NoControlChars(
  options?: NoControlCharsOptions,
  validation?: ValidationOptions,
): PropertyDecorator {
  const validationOptions = toClassValidator(validation);
  return ValidateBy(
    {
      name: NO_CONTROL_CHARS,
      constraints: [options],
      validator: {
        validate: (value): boolean => noControlChars(value, options),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be a string without control characters, invisible characters or bidi overrides`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
