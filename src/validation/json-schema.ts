import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { StartupError } from '../errors';
import { readFieldDescriptions, readNullableFields } from '../metadata/read-tool-definition';
import type { Class } from '../metadata/types';

/** A JSON Schema object as MCP expects for `inputSchema` / `outputSchema`. */
export interface ObjectSchema {
  type: 'object';
  properties: Record<string, { [keyword: string]: unknown }>;
  required?: string[];
  additionalProperties: false;
  [keyword: string]: unknown;
}
/** Any JSON Schema (2020-12) object, by its keywords. */
export type JsonSchema = { [keyword: string]: unknown };

const MAX_NESTING = 32;

// class-transformer keeps @Type metadata in a storage it does not export from its typed entry point.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

/** The JSON Schema dialect of every listed schema (MCP 2025-11-25 defaults to it; SEP-1613). */
export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * Derives the JSON Schema (2020-12) of a DTO class from its class-validator rules (through
 * class-validator-jsonschema), then makes it self-contained for MCP: `$schema` set, nested DTOs under `$defs`
 * (referenced as `#/$defs/ClassName`), `additionalProperties: false` on every object, `@Description` texts.
 * Optional fields are not `null`-able unless marked `@Nullable()`, and validation refuses `null` the same way.
 */
export function dtoToJsonSchema(dto: Class): ObjectSchema {
  const defs = new Defs();
  const root = buildObjectSchema(dto, [], defs);
  return {
    $schema: SCHEMA_DIALECT,
    ...root,
    ...(defs.size > 0 ? { $defs: defs.toJSON() } : {}),
  };
}

/** The `$defs` of one root schema: one entry per nested DTO class, named after the class. */
class Defs {
  private readonly byClass = new Map<Class, string>();
  private readonly schemas: Record<string, JsonSchema> = {};
  get size(): number {
    return this.byClass.size;
  }
  /** `$ref` to the class's definition, building it on first use. */
  ref(dto: Class, path: Class[]): JsonSchema {
    let name = this.byClass.get(dto);
    if (name === undefined) {
      const base = (dto.name || 'Dto').replace(/[^a-zA-Z0-9_.-]/g, '_');
      name = base;
      for (let i = 2; name in this.schemas; i++) name = `${base}_${i}`;
      this.byClass.set(dto, name);
      this.schemas[name] = {}; // reserve the name before recursing
      this.schemas[name] = buildObjectSchema(dto, path, this);
    }
    return { $ref: `#/$defs/${name}` };
  }
  toJSON(): Record<string, JsonSchema> {
    return this.schemas;
  }
}

function buildObjectSchema(dto: Class, path: Class[], defs: Defs): ObjectSchema {
  if (path.includes(dto) || path.length > MAX_NESTING) {
    throw new StartupError(
      `DTO ${dto.name} refers to itself; recursive DTOs cannot be described as a tool schema`,
    );
  }
  const raw = targetConstructorToSchema(dto, {
    classTransformerMetadataStorage: defaultMetadataStorage,
  }) as JsonSchema;
  const properties = (raw.properties ?? {}) as Record<string, JsonSchema>;
  const required = (raw.required as string[] | undefined) ?? [];
  const descriptions = readFieldDescriptions(dto);
  const nullable = new Set(readNullableFields(dto));
  const out: Record<string, JsonSchema> = {};
  for (const [name, prop] of Object.entries(properties)) {
    let schema = refNested(prop, dto, name, [...path, dto], defs);
    if (descriptions[name] !== undefined) schema = { ...schema, description: descriptions[name] };
    if (nullable.has(name)) schema = allowNull(schema);
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

/** Replaces `$ref: '#/definitions/X'` (at the property or in `items`) with a reference into `$defs`. */
function refNested(
  schema: JsonSchema,
  owner: Class,
  property: string,
  path: Class[],
  defs: Defs,
): JsonSchema {
  if (typeof schema.$ref === 'string') {
    const { $ref: _ref, ...rest } = schema;
    return { ...rest, ...defs.ref(nestedClass(owner, property), path) };
  }
  if (
    schema.items &&
    typeof schema.items === 'object' &&
    typeof (schema.items as JsonSchema).$ref === 'string'
  ) {
    return { ...schema, items: defs.ref(nestedClass(owner, property), path) };
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
  if (typeof schema.$ref === 'string') return { anyOf: [schema, { type: 'null' }] };
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.type))
    return schema.type.includes('null') ? schema : { ...schema, type: [...schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}
