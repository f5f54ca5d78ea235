import { StartupError } from '../errors';
import { CONFIRM } from './keys';
import type { Class, ConfirmDeclaration } from './types';

/**
 * The `@Confirm` of a class, checked (a message, a known `ifUnsupported`, a positive `timeoutMs`), or
 * `undefined`. Throws a {@link StartupError} that starts with `owner` (e.g. `DeleteUser (tool "delete_user")`).
 */
export function readConfirm(target: Class, owner: string): ConfirmDeclaration | undefined {
  const confirm: ConfirmDeclaration | undefined = Reflect.getOwnMetadata(CONFIRM, target);
  if (!confirm) return undefined;
  if (typeof confirm.message !== 'string' || confirm.message.trim() === '') {
    throw new StartupError(`${owner}: @Confirm needs a message for the human`);
  }
  if (confirm.ifUnsupported !== undefined && !['refuse', 'allow'].includes(confirm.ifUnsupported)) {
    throw new StartupError(`${owner}: @Confirm ifUnsupported must be 'refuse' or 'allow'`);
  }
  if (confirm.timeoutMs !== undefined && !(Number.isFinite(confirm.timeoutMs) && confirm.timeoutMs > 0)) {
    throw new StartupError(`${owner}: @Confirm timeoutMs must be a positive number`);
  }
  return confirm;
}
