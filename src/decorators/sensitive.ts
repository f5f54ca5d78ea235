import { SENSITIVE_FIELDS } from '../metadata/keys';

/** Marks a DTO field whose value is replaced by `[REDACTED]` in audit records and logs. */
export function Sensitive(): PropertyDecorator {
  return (target, propertyKey) => {
    const ctor = target.constructor;
    const existing: string[] = Reflect.getOwnMetadata(SENSITIVE_FIELDS, ctor) ?? [];
    Reflect.defineMetadata(SENSITIVE_FIELDS, [...existing, String(propertyKey)], ctor);
  };
}
