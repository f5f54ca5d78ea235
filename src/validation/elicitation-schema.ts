import { CallDenied, StartupError, ToolError } from '../errors';
import type { Class } from '../metadata/types';
import { compileInputValidator } from './input-validator';
import { dtoToJsonSchema, type JsonSchema } from './json-schema';

/** The flat object schema of an `elicitation/create` request: primitive properties only. */
export interface RequestedSchema {
  type: 'object';
  properties: Record<string, JsonSchema>;
  required?: string[];
  [keyword: string]: unknown;
}

/** A DTO prepared for elicitation: the schema sent to the client and the check of the human's answer. */
export interface ElicitationForm<T extends object = object> {
  readonly requestedSchema: RequestedSchema;
  /** The answer as a validated DTO instance, or a ToolError naming the fields that are wrong. */
  parse(content: Record<string, unknown>): Promise<T>;
}

const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean']);
// What the MCP spec allows on a primitive schema of a form (anything else is dropped, not sent).
const KEPT = new Set([
  'type',
  'oneOf',
  'title',
  'description',
  'default',
  'enum',
  'enumNames',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
]);
const FORMATS = new Set(['email', 'uri', 'date', 'date-time']);

const forms = new WeakMap<Class, ElicitationForm>();

/**
 * Prepares a DTO for elicitation once (cached per class): its JSON Schema flattened to what forms allow, with
 * the defaults its field initialisers give (`confirm = false`), titles, descriptions and enums (plain, titled
 * with `@JSONSchema({ oneOf: [{ const, title }] })`, legacy `enumNames`, and multi-select arrays of enums).
 * Throws a {@link StartupError} naming the class and field for anything a form cannot ask: nested DTOs,
 * objects, arrays of anything but enum values.
 */
export function elicitationForm<T extends object>(dto: Class<T>): ElicitationForm<T> {
  let form = forms.get(dto);
  if (!form) forms.set(dto, (form = buildForm(dto)));
  return form as ElicitationForm<T>;
}

function buildForm(dto: Class): ElicitationForm {
  if (typeof dto !== 'function') throw new StartupError('ctx.elicit needs a DTO class');
  const schema = dtoToJsonSchema(dto);
  const defaults = defaultsOf(dto);
  const properties: Record<string, JsonSchema> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    properties[name] = flatten(dto, name, property, defaults[name]);
  }
  const requestedSchema: RequestedSchema = {
    type: 'object',
    properties,
    ...(schema.required?.length ? { required: [...schema.required] } : {}),
  };
  const validate = compileInputValidator(dto, schema, dto.name);
  const parse = async (content: Record<string, unknown>) => {
    try {
      return await validate(content);
    } catch (error) {
      if (!(error instanceof CallDenied) || error.reason !== 'validation') throw error;
      // The validator names a tool; for an answer, keep only its list of problems ("field: rule").
      const problems = error.message.slice(error.message.indexOf(': ') + 2);
      throw new ToolError(`the answer to the request for input is not valid: ${problems}`);
    }
  };
  return { requestedSchema, parse };
}

function flatten(dto: Class, name: string, property: JsonSchema, fallback: unknown): JsonSchema {
  const problem = () =>
    new StartupError(
      `${dto.name}.${name} cannot be asked through elicitation: forms take only string, number, integer, ` +
        'boolean, enum or multi-select (array of enum) fields, not nested DTOs, objects or other arrays',
    );
  let type = property.type;
  if (Array.isArray(type)) {
    const kinds = type.filter((t) => t !== 'null');
    if (kinds.length !== 1) throw problem();
    type = kinds[0];
  }
  if (type === undefined && Array.isArray(property.enum)) type = enumType(property.enum);
  if (type === undefined && isTitledChoice(property.oneOf)) type = 'string';
  if (type === 'array') return multiSelect(property, fallback, problem);
  if (typeof type !== 'string' || !PRIMITIVES.has(type)) throw problem();
  if (property.properties || property.items || property.$ref || property.anyOf) throw problem();
  if (property.oneOf !== undefined && (type !== 'string' || !isTitledChoice(property.oneOf))) throw problem();
  const out: JsonSchema = { type };
  for (const [keyword, value] of Object.entries(property)) {
    if (keyword === 'type' || !KEPT.has(keyword)) continue;
    if (keyword === 'format' && !FORMATS.has(String(value))) continue;
    if (keyword === 'enum' && Array.isArray(value)) out.enum = value.filter((v) => v !== null);
    else out[keyword] = value;
  }
  if (out.default === undefined && isPrimitive(fallback)) out.default = fallback;
  return out;
}

/** A multi-select: an array whose items are a string enum or titled choices (`anyOf` of `{ const, title }`). */
function multiSelect(property: JsonSchema, fallback: unknown, problem: () => Error): JsonSchema {
  const items = property.items as JsonSchema | undefined;
  if (!items || typeof items !== 'object' || Array.isArray(items)) throw problem();
  let kept: JsonSchema;
  if (isTitledChoice(items.anyOf)) {
    kept = { anyOf: items.anyOf };
  } else if (Array.isArray(items.enum) && items.enum.every((v) => typeof v === 'string')) {
    kept = { type: 'string', enum: items.enum };
  } else throw problem();
  const out: JsonSchema = { type: 'array', items: kept };
  for (const keyword of ['title', 'description', 'minItems', 'maxItems', 'default']) {
    if (property[keyword] !== undefined) out[keyword] = property[keyword];
  }
  if (out.default === undefined && Array.isArray(fallback) && fallback.every((v) => typeof v === 'string')) {
    out.default = [...fallback];
  }
  return out;
}

/** `[{ const: 'v', title: 'Shown' }, ...]`: the titled enum form of the 2025-11-25 spec. */
function isTitledChoice(value: unknown): value is Array<{ const: string; title: string }> {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        typeof (v as { const?: unknown }).const === 'string' &&
        typeof (v as { title?: unknown }).title === 'string',
    )
  );
}

/** Field initialisers (`ok = false`) as defaults; a DTO whose constructor needs arguments has none. */
function defaultsOf(dto: Class): Record<string, unknown> {
  try {
    return { ...(new dto() as Record<string, unknown>) };
  } catch {
    return {};
  }
}

function enumType(values: unknown[]): string | undefined {
  const kinds = new Set(values.filter((v) => v !== null).map((v) => typeof v));
  if (kinds.size !== 1) return undefined;
  const [kind] = kinds;
  return kind === 'string' || kind === 'number' || kind === 'boolean' ? kind : undefined;
}

function isPrimitive(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number';
}
