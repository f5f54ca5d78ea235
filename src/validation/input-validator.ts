import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import { CallDenied } from '../errors';
import type { Class } from '../metadata/types';
import type { ObjectSchema } from './json-schema';
import { compileSchema, safeName } from './schema-validator';

/** Turns raw arguments into a validated DTO instance, or throws {@link CallDenied} (`validation`). */
export type InputValidator = (args: Record<string, unknown>) => Promise<object>;

const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/**
 * Compiled once per tool at start-up. The JSON Schema check runs first (it is what the client was shown, so
 * schema and validation cannot disagree), then class-transformer builds the instance and class-validator runs
 * the DTO's rules, including custom ones a schema cannot express.
 */
export function compileInputValidator(dto: Class, schema: ObjectSchema, toolName: string): InputValidator {
  const checkSchema = compileSchema(schema);
  const hasRules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).length > 0;
  const fail = (problems: string[]) =>
    new CallDenied('validation', `Invalid arguments for tool ${toolName}: ${problems.join('; ')}`);

  return async (args) => {
    const schemaProblems = checkSchema(args);
    if (schemaProblems.length > 0) throw fail(schemaProblems);
    const instance = plainToInstance(dto, args, { enableImplicitConversion: false }) as object;
    if (!hasRules) return instance;
    const errors = await validate(instance, VALIDATOR_OPTIONS);
    if (errors.length > 0) throw fail(flatten(errors));
    return instance;
  };
}

/** class-validator errors → `path: message (rule)`; values are never included (`value: false`). */
function flatten(errors: ValidationError[], prefix = ''): string[] {
  const out: string[] = [];
  for (const error of errors) {
    const path = prefix + safeName(error.property);
    for (const [rule, message] of Object.entries(error.constraints ?? {}))
      out.push(`${path}: ${message} (${rule})`);
    if (error.children?.length) out.push(...flatten(error.children, `${path}.`));
  }
  return out;
}
