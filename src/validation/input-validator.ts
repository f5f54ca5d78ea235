import { plainToInstance } from 'class-transformer';
import {
  getMetadataStorage,
  validate,
  validateSync,
  type ValidationError,
  type ValidatorOptions,
} from 'class-validator';
import { CallDenied } from '../errors';
import type { CapabilityKind, Class } from '../metadata/types';
import type { ObjectSchema } from './json-schema';
import { safeConstraintMessage } from './safe-messages';
import { schemaCoversDto } from './schema-covered';
import { compileSchema, safeName } from './schema-validator';

/** Turns raw arguments into a validated DTO instance, or throws {@link CallDenied} (`validation`). */
export type InputValidator = (args: Record<string, unknown>) => Promise<object>;

const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // Kept on the errors (never shown) to build each message again without the client's value.
  validationError: { target: true, value: true },
};

/**
 * Compiled once per tool at start-up. Arguments must pass both the JSON Schema (what the client was shown, so
 * schema and validation cannot disagree) and the DTO's class-validator rules (including custom ones a schema
 * cannot express) on the instance class-transformer builds. Custom messages of the DTO's rules are
 * preferred over the schema's wording.
 */
export function compileInputValidator(
  dto: Class,
  schema: ObjectSchema,
  toolName: string,
  /** What the refusal names: `tool x`, `resource x` (template variables), `prompt x` (arguments). */
  kind: CapabilityKind = 'tool',
): InputValidator {
  const checkSchema = compileSchema(schema);
  const storage = getMetadataStorage();
  const rules = storage.getTargetValidationMetadatas(dto, '', true, false);
  const hasRules = rules.length > 0;
  // Decided once per DTO: without nested, promise or async custom rules, validateSync gives the same errors
  // without class-validator's per-call promise machinery (one promise per property and rule).
  const syncOnly = rules.every(
    (rule) =>
      rule.type !== 'nestedValidation' &&
      rule.type !== 'promiseValidation' &&
      (rule.type !== 'customValidation' ||
        storage.getTargetValidatorConstraints(rule.constraintCls).every((c) => !c.async)),
  );
  // Fields whose rules carry a message written by the DTO's author: shown instead of the schema's wording.
  const customMessageFields = new Set(
    rules.filter((r) => r.message !== undefined).map((r) => r.propertyName),
  );
  const fail = (problems: string[]) =>
    new CallDenied('validation', `Invalid arguments for ${kind} ${toolName}: ${summarize(problems)}`);

  if (schemaCoversDto(dto, rules)) {
    return async (args) => {
      const problems = checkSchema(args);
      if (problems.length > 0) throw fail(problems);
      return Object.assign(new dto(), args) as object;
    };
  }
  return async (args) => {
    const schemaProblems = checkSchema(args);
    if (schemaProblems.length > 0 && customMessageFields.size === 0) throw fail(schemaProblems);
    const instance = plainToInstance(dto, args, { enableImplicitConversion: false }) as object;
    const ruleProblems = !hasRules
      ? []
      : flatten(
          syncOnly ? validateSync(instance, VALIDATOR_OPTIONS) : await validate(instance, VALIDATOR_OPTIONS),
        );
    if (schemaProblems.length > 0) {
      const custom = ruleProblems.filter((p) => customMessageFields.has(fieldOf(p)));
      throw fail(merge(custom, schemaProblems));
    }
    if (ruleProblems.length > 0) throw fail(ruleProblems);
    return instance;
  };
}

// A call with thousands of wrong fields gets a readable answer, not a message as large as its input.
const MAX_LISTED_PROBLEMS = 10;

function summarize(problems: string[]): string {
  if (problems.length <= MAX_LISTED_PROBLEMS) return problems.join('; ');
  const more = problems.length - MAX_LISTED_PROBLEMS;
  return `${problems.slice(0, MAX_LISTED_PROBLEMS).join('; ')}; and ${more} more problems`;
}

/** The DTO author's own messages first, then the schema's problems for the other fields. */
function merge(ruleProblems: string[], schemaProblems: string[]): string[] {
  const covered = new Set(ruleProblems.map(fieldOf));
  return [...ruleProblems, ...schemaProblems.filter((p) => !covered.has(fieldOf(p)))];
}

const fieldOf = (problem: string) => problem.slice(0, problem.indexOf(':'));

/**
 * class-validator errors → `path: message (rule)`. Messages are rebuilt without the client's value: templates
 * such as `'$property got $value'` would otherwise echo raw input to the client and the audit record.
 */
function flatten(errors: ValidationError[], prefix = ''): string[] {
  const out: string[] = [];
  for (const error of errors) {
    const path = prefix + safeName(error.property);
    for (const [rule, message] of Object.entries(error.constraints ?? {}))
      out.push(`${path}: ${safeConstraintMessage(error, rule, message)} (${rule})`);
    if (error.children?.length) out.push(...flatten(error.children, `${path}.`));
  }
  return out;
}
