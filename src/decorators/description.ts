import { FIELD_DESCRIPTIONS } from '../metadata/keys';

/** Describes a DTO field; the text becomes the property's `description` in the tool's JSON Schema. */
export function Description(text: string): PropertyDecorator {
  return (target, propertyKey) => {
    const ctor = target.constructor;
    const existing: Record<string, string> = Reflect.getOwnMetadata(FIELD_DESCRIPTIONS, ctor) ?? {};
    Reflect.defineMetadata(FIELD_DESCRIPTIONS, { ...existing, [String(propertyKey)]: text }, ctor);
  };
}
