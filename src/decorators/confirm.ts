import { CONFIRM } from '../metadata/keys';
import type { ConfirmDeclaration, ConfirmOptions } from '../metadata/types';

/**
 * Before each call runs, the human approves it through elicitation (a yes/no form showing `message`).
 * Decline, cancel, no answer in time, or a client that cannot ask refuse the call (audited as `denied`)
 * unless `ifUnsupported: 'allow'` lets clients without elicitation through. `{field}` in the message quotes
 * a validated input field; naming a `@Sensitive` field stops start-up.
 *
 * @example
 * ```ts
 * @Tool({ name: 'delete_user', description: 'Deletes a user', input: DeleteUserInput })
 * @Confirm('Delete user {userId}?')
 * export class DeleteUser { ... }
 * ```
 */
export function Confirm(message: string, options: ConfirmOptions = {}): ClassDecorator {
  return (target) => {
    const declaration: ConfirmDeclaration = { ...options, message };
    Reflect.defineMetadata(CONFIRM, declaration, target);
  };
}
