import { ValidateIf } from 'class-validator';
import { NULLABLE_FIELDS } from '../metadata/keys';

/**
 * Lets a DTO field be `null`. Without it `null` is refused, also for `@IsOptional()` fields (which class-validator
 * alone would accept): the listed schema then has no `null` unions, and schema and validation agree. With it
 * the schema lists `[type, "null"]` and the field's other rules are skipped when the value is `null`.
 */
export function Nullable(): PropertyDecorator {
  return (target, propertyKey) => {
    const ctor = target.constructor;
    const existing: string[] = Reflect.getOwnMetadata(NULLABLE_FIELDS, ctor) ?? [];
    Reflect.defineMetadata(NULLABLE_FIELDS, [...existing, String(propertyKey)], ctor);
    ValidateIf((o: Record<string | symbol, unknown>) => o[propertyKey] !== null)(target, propertyKey);
  };
}
