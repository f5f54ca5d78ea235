import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { StartupError } from '../errors';
import { readFieldDescriptions } from '../metadata/read-tool-definition';
import type { Class } from '../metadata/types';

/** A JSON Schema object as MCP expects for `inputSchema` / `outputSchema`. */
export interface ObjectSchema {
  type: 'object';
  properties: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties: false;
  [keyword: string]: unknown;
}
export type JsonSchema = { [keyword: string]: unknown };

const MAX_NESTING = 32;

// class-transformer keeps @Type metadata in a storage it does not export from its typed entry point.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: Function, property: string): { typeFunction?: () => unknown } | undefined;
  };
};

/**
 * Derives the JSON Schema of a DTO class from its class-validator rules (through class-validator-jsonschema),
 * then makes it self-contained for MCP: nested DTOs inlined, `additionalProperties: false` on every object,
 * `@Description` texts, and optional fields accepting `null` (class-validator's `@IsOptional` does).
 */
export function dtoToJsonSchema(dto: Class): ObjectSchema {
  return buildObjectSchema(dto, []);
}

function buildObjectSchema(dto: Class, path: Class[]): ObjectSchema {
  if (path.includes(dto) || path.length > MAX_NESTING) {
    throw new StartupError(
      `DTO ${dto.name} refers to itself; recursive DTOs cannot be described as a tool schema`,
    );
  }
  const raw = targetConstructorToSchema(dto, {
    classTransformerMetadataStorage: defaultMetadataStorage as never,
  }) as JsonSchema;
  const properties = (raw.properties ?? {}) as Record<string, JsonSchema>;
  const required = (raw.required as string[] | undefined) ?? [];
  const descriptions = readFieldDescriptions(dto);
  const out: Record<string, JsonSchema> = {};
  for (const [name, prop] of Object.entries(properties)) {
    let schema = inlineRefs(prop, dto, name, [...path, dto]);
    if (descriptions[name] !== undefined) schema = { ...schema, description: descriptions[name] };
    if (!required.includes(name)) schema = allowNull(schema);
    out[name] = schema;
  }
  const { definitions: _definitions, properties: _p, required: _r, type: _t, ...rest } = raw;
  return {
    ...rest,
    type: 'object',
    properties: out,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

/** Replaces `$ref: '#/definitions/X'` (at the property or in `items`) with the nested DTO's own schema. */
function inlineRefs(schema: JsonSchema, owner: Class, property: string, path: Class[]): JsonSchema {
  if (typeof schema.$ref === 'string') {
    const { $ref: _ref, ...rest } = schema;
    return { ...rest, ...buildObjectSchema(nestedClass(owner, property), path) };
  }
  if (
    schema.items &&
    typeof schema.items === 'object' &&
    typeof (schema.items as JsonSchema).$ref === 'string'
  ) {
    return { ...schema, items: buildObjectSchema(nestedClass(owner, property), path) };
  }
  return schema;
}

function nestedClass(owner: Class, property: string): Class {
  const meta = defaultMetadataStorage.findTypeMetadata(owner, property);
  const nested = meta?.typeFunction?.() as Class | undefined;
  if (typeof nested !== 'function') {
    throw new StartupError(
      `${owner.name}.${property} is a nested DTO without @Type(() => Class); add it so it can be validated and described`,
    );
  }
  return nested;
}

function allowNull(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.type))
    return schema.type.includes('null') ? schema : { ...schema, type: [...schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}
