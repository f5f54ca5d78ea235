import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { canonicalJSON } from '../audit/canonical-json';
import { StartupError } from '../errors';
import type { JsonSchema } from './json-schema';

// One Ajv instance for the process (JSON Schema 2020-12, the dialect of every listed schema): compiled
// validators are cached by schema and reused for every call.
const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
addFormats(ajv);
// Ajv compares non-scalar items pairwise with a deep equality: 10,000 small arrays under `uniqueItems` (what
// `@ArrayUnique()` maps to) take about a second. The same rule, in one pass over canonical JSON texts.
ajv.removeKeyword('uniqueItems');
ajv.addKeyword({
  keyword: 'uniqueItems',
  type: 'array',
  schemaType: 'boolean',
  errors: true,
  validate: function uniqueItems(unique: boolean, data: unknown[]): boolean {
    if (!unique) return true;
    const seen = new Set<string>();
    for (const item of data) {
      const text = canonicalJSON(item);
      if (seen.has(text)) {
        // Without instancePath: Ajv fills in where the array is.
        (uniqueItems as { errors?: ErrorObject[] }).errors = [
          { keyword: 'uniqueItems', params: {}, message: 'must NOT have duplicate items' } as ErrorObject,
        ];
        return false;
      }
      seen.add(text);
    }
    return true;
  },
});

/** Compiles a JSON Schema once; the returned function lists problems (empty when the value is valid). */
export function compileSchema(schema: JsonSchema): (value: unknown) => string[] {
  // Start-up only checks the schema against the meta-schema (cheap); the validator code is generated on the
  // first call of the tool. ajv.compile is ~1-2 ms per schema, most of createServer's time with many tools.
  if (!ajv.validateSchema(schema)) {
    throw new StartupError(`invalid JSON Schema: ${ajv.errorsText(ajv.errors)}`);
  }
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= ajv.compile(schema);
    return validate(value) ? [] : (validate.errors ?? []).map(describeSchemaError);
  };
}

/** `field: rule` without the submitted value (Ajv messages never include it; names are sanitised). */
function describeSchemaError(error: ErrorObject): string {
  const path = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '';
  const at = (field: string) => (path ? `${path}.${field}` : field);
  switch (error.keyword) {
    case 'required':
      return `${at(safeName(String(error.params.missingProperty)))}: is required`;
    case 'additionalProperties':
      return `${at(safeName(String(error.params.additionalProperty)))}: is not an allowed field`;
    case 'enum':
      return `${path || 'arguments'}: must be one of ${JSON.stringify(error.params.allowedValues).slice(0, 200)}`;
    default:
      return `${path || 'arguments'}: ${error.message ?? 'is invalid'} (${error.keyword})`;
  }
}

/** A client-chosen key shown in an error: printable, short. */
export function safeName(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 64 ? `${printable.slice(0, 64)}…` : printable;
}
