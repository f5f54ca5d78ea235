import { SECRET_PARAMS } from '../metadata/keys';
import type { SecretOptions, SecretParam } from '../metadata/types';

/**
 * Injects a `SecretValue` into a constructor parameter. Looked up at start-up in the environment, the `.env`
 * file, the OS keychain, then custom providers; a missing secret stops start-up.
 *
 * @example `constructor(@Secret('API_KEY') private readonly apiKey: SecretValue) {}`
 */
export function Secret(name: string, options: SecretOptions = {}): ParameterDecorator {
  return (target, propertyKey, index) => {
    if (propertyKey !== undefined)
      throw new TypeError(`@Secret('${name}') only works on constructor parameters`);
    const existing: SecretParam[] = Reflect.getOwnMetadata(SECRET_PARAMS, target) ?? [];
    Reflect.defineMetadata(SECRET_PARAMS, [...existing, { ...options, index, name }], target);
  };
}
