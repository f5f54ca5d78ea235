import { ValidateBy, buildMessage } from 'class-validator';
import { toClassValidator, type ValidationOptions } from './validation-options';
import { checkPathSyntax } from '../../security/paths/lexical';

export const IS_SAFE_PATH = 'isSafePath';

export interface IsSafePathOptions {
  /** Accept absolute paths (SafeFs still requires them to lie inside a root). Default false. */
  allowAbsolute?: boolean;
  /**
   * Apply Windows rules whatever the server's OS (refuse drive letters such as `C:` and names Windows
   * rewrites, such as `...` or `a.`), e.g. for a path handed on to a Windows machine. Default: only when the
   * server runs on Windows, like SafeFs.
   */
  windowsRules?: boolean;
}

/**
 * Lexical pre-check for a path a tool will hand to SafeFs, with SafeFs's own lexical rules (one shared
 * check): a string, no NUL, control characters or backslash, no `..` that climbs above the start (`a/../b` is
 * fine), no `//` prefix, no overlong path or segment, relative unless `allowAbsolute`, and the same after NFKC
 * normalization (`．．／` is refused). What needs the filesystem (symbolic links) is left to SafeFs.
 */
export function isSafePath(value: unknown, options: IsSafePathOptions = {}): boolean {
  if (typeof value !== 'string') return false;
  return (
    checkPathSyntax(value, {
      allowAbsolute: options.allowAbsolute === true,
      ...(options.windowsRules !== undefined ? { windowsRules: options.windowsRules } : {}),
    }) === undefined
  );
}

/** DTO field decorator for {@link isSafePath}. The message never echoes the value. */
export function IsSafePath(options?: IsSafePathOptions, validation?: ValidationOptions): PropertyDecorator {
  const validationOptions = toClassValidator(validation);
  return ValidateBy(
    {
      name: IS_SAFE_PATH,
      constraints: [options],
      validator: {
        validate: (value): boolean => isSafePath(value, options),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be a ${options?.allowAbsolute ? '' : 'relative '}path inside the allowed roots ` +
            "(no '..' above its start, NUL, control characters, backslashes, '//' prefixes or look-alike dots " +
            'and slashes)',
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
