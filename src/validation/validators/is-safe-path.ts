import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { checkPathSyntax } from '../../security/paths/lexical';

export const IS_SAFE_PATH = 'isSafePath';

export interface IsSafePathOptions {
  /** Accept absolute paths (SafeFs still requires them to lie inside a root). Default false. */
  allowAbsolute?: boolean;
}

/**
 * Lexical pre-check for a path a tool will hand to SafeFs: a string, no NUL or control characters, no
 * backslash, no `..` segment, no drive letter or UNC prefix, no overlong path or segment, and relative
 * unless `allowAbsolute`. The same rules must hold after NFKC normalization, so full-width look-alikes
 * (`．．／`) that a downstream component might normalize are refused too. SafeFs does the real check.
 */
export function isSafePath(value: unknown, options: IsSafePathOptions = {}): boolean {
  if (typeof value !== 'string') return false;
  const lexical = { allowAbsolute: options.allowAbsolute === true, windowsRules: true };
  if (checkPathSyntax(value, lexical) !== undefined) return false;
  const normalized = value.normalize('NFKC');
  return normalized === value || checkPathSyntax(normalized, lexical) === undefined;
}

/** DTO field decorator for {@link isSafePath}. The message never echoes the value. */
export function IsSafePath(
  options?: IsSafePathOptions,
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_SAFE_PATH,
      constraints: [options],
      validator: {
        validate: (value): boolean => isSafePath(value, options),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be a ${options?.allowAbsolute ? '' : 'relative '}path inside the allowed roots ` +
            "(no '..', NUL, control characters, backslashes, drive letters or UNC prefixes)",
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
