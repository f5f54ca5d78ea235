import { INJECT_PARAMS } from '../metadata/keys';

/**
 * Names the DI token of a constructor parameter whose type cannot be read at run time (interfaces,
 * primitives): `constructor(@Inject('Clock') clock: Clock)`.
 */
export function Inject(token: unknown): ParameterDecorator {
  return (target, propertyKey, index) => {
    if (propertyKey !== undefined) throw new TypeError('@Inject only works on constructor parameters');
    const existing: Map<number, unknown> = Reflect.getOwnMetadata(INJECT_PARAMS, target) ?? new Map();
    Reflect.defineMetadata(INJECT_PARAMS, new Map(existing).set(index, token), target);
  };
}
