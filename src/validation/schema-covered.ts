import { TransformationType } from 'class-transformer';
import type { getMetadataStorage } from 'class-validator';
import type { Class } from '../metadata/types';

type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

// class-transformer keeps its metadata in a storage it does not export from its typed entry point.
const { defaultMetadataStorage: transformer } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: Function, property: string): unknown;
    findTransformMetadatas(target: Function, property: string, type: TransformationType): unknown[];
    getExposedMetadatas(target: Function): unknown[];
    getExcludedMetadatas(target: Function): unknown[];
  };
};

/**
 * class-validator rules whose meaning the derived JSON Schema carries exactly (type, length, range, enum, array
 * size, optional). Left out on purpose: `matches` (regex flags are lost), `isNumber` (NaN and Infinity), formats.
 */
const EXPRESSED_BY_SCHEMA = new Set([
  'isString',
  'isInt',
  'isBoolean',
  'isIn',
  'isEnum',
  'isArray',
  'minLength',
  'maxLength',
  'min',
  'max',
  'arrayMinSize',
  'arrayMaxSize',
]);

/**
 * True when a DTO's checks are all in its JSON Schema and class-transformer would only copy the fields: the
 * schema check then decides alone and the instance is built by assignment (the hot path skips two libraries).
 * Decided once per DTO at start-up.
 */
export function schemaCoversDto(dto: Class, rules: readonly ValidationMetadata[]): boolean {
  if (transformer.getExposedMetadatas(dto).length > 0 || transformer.getExcludedMetadatas(dto).length > 0)
    return false;
  return rules.every((rule) => {
    const property = rule.propertyName;
    if (transformer.findTypeMetadata(dto, property)) return false;
    if (transformer.findTransformMetadatas(dto, property, TransformationType.PLAIN_TO_CLASS).length > 0)
      return false;
    if (rule.message !== undefined || (rule.groups?.length ?? 0) > 0 || rule.always) return false;
    if (rule.type === 'conditionalValidation') return rule.name === 'isOptional';
    return rule.type === 'customValidation' && rule.name !== undefined && EXPRESSED_BY_SCHEMA.has(rule.name);
  });
}
