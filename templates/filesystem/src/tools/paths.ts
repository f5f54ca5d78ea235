import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

/**
 * Shape checks only. Whether a path stays inside the allowed roots (`..`, absolute paths, symlinks that
 * leave the root) is decided by SafeFs on the real file system, where it cannot be fooled by spelling.
 */
export function FilePath(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    MinLength(1)(target, key);
    MaxLength(1024)(target, key);
    // No control characters (NUL included): they have no business in a file name a model picks.
    Matches(/^\P{Cc}*$/u, { message: 'path must not contain control characters' })(target, key);
  };
}
