import { getMetadataStorage } from 'class-validator';
import { readSensitiveFields } from '../../metadata/read-tool-definition';
import type { Class } from '../../metadata/types';

// class-transformer keeps @Type() targets in this storage; it is the only way to know a nested DTO's class.
const transformerStorage: {
  findTypeMetadata(
    target: Function,
    property: string,
  ): { typeFunction: (o?: unknown) => Function } | undefined;
} = require('class-transformer/cjs/storage').defaultMetadataStorage;

const MAX_NESTING = 8;

/**
 * The `@Sensitive()` fields of a DTO as redaction paths, following nested DTOs (`@ValidateNested()` with
 * `@Type(() => Nested)`, arrays included): `['password', 'billing.cardNumber', 'items.token']`.
 * Call once per tool at start-up and pass the result to `redactArgs` / `AuditLog.write`. The list is frozen,
 * which lets `redactArgs` build its lookup set once per list.
 */
export function sensitivePaths(dto: Class): readonly string[] {
  const paths: string[] = [];
  const visit = (cls: Class, prefix: string, ancestors: Class[]) => {
    for (const field of readSensitiveFields(cls)) paths.push(prefix + field);
    if (ancestors.length >= MAX_NESTING) return;
    for (const property of propertiesOf(cls)) {
      const nested = nestedClass(cls, property);
      if (nested && !ancestors.includes(nested))
        visit(nested, `${prefix}${property}.`, [...ancestors, nested]);
    }
  };
  visit(dto, '', [dto]);
  return Object.freeze([...new Set(paths)]);
}

function propertiesOf(cls: Class): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

function nestedClass(cls: Class, property: string): Class | undefined {
  const fromType = transformerStorage.findTypeMetadata(cls, property)?.typeFunction();
  const candidate = fromType ?? Reflect.getMetadata('design:type', cls.prototype, property);
  if (typeof candidate !== 'function' || BUILTINS.has(candidate)) return undefined;
  return candidate as Class;
}

const BUILTINS = new Set<unknown>([
  String,
  Number,
  Boolean,
  Object,
  Array,
  Date,
  Map,
  Set,
  BigInt,
  Symbol,
  Function,
]);
