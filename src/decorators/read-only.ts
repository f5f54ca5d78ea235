import { READ_ONLY } from '../metadata/keys';

/**
 * Marks a tool as read-only: `readOnlyHint: true`, still served when the server runs read-only, and handed
 * read-only forms of writable services (e.g. `SafeFs`), whose write methods throw.
 */
export function ReadOnly(): ClassDecorator {
  return (target) => Reflect.defineMetadata(READ_ONLY, true, target);
}
