import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { PolicyError } from './errors';
import { LOCKABLE_RULES, type TeamPolicy } from './types';

/** The shipped schema (also what editors use through `$schema`) is the one definition of the policy. */
const SCHEMA_FILE = join(__dirname, '..', '..', '..', 'schema', 'secure-mcp.config.schema.json');
let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  return (compiled ??= new Ajv({ allErrors: true }).compile(
    JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object,
  ));
}

export interface ProblemOptions {
  /**
   * Name unknown keys and quote bad values (default true). Off for files reached through `extends`: such a
   * file may be any JSON file (credentials included), and its content must not reach a report or a CI log.
   */
  nameUnknownKeys?: boolean;
}

type Explain = (e: ErrorObject, echo: boolean) => string;

/** One readable sentence per top-level key; the schema says what is wrong, these say it for a person. */
const EXPLAIN: Record<string, Explain> = {
  extends: () => '"extends" must be a package name, a relative path, or an array of them',
  requireRateLimit: () => '"requireRateLimit" must be true or false',
  requireAudit: () => '"requireAudit" must be true or false',
  readOnly: () => '"readOnly" must be true or false',
  forbidWildcardIam: () => '"forbidWildcardIam" must be true or false',
  network: (e, echo) => {
    if (e.keyword === 'additionalProperties') {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      return echo ? `unknown key "network.${key}"` : 'unknown key in "network"';
    }
    if (e.keyword === 'pattern')
      return echo
        ? `"network.allow": "${String(e.data)}" is not a host name`
        : '"network.allow": not a host name';
    if (e.instancePath === '/network') return '"network" must be an object';
    return '"network.allow" must be an array of host names';
  },
  maxSecretAgeDays: () => '"maxSecretAgeDays" must be a positive whole number',
  allowedSecretProviders: () => '"allowedSecretProviders" must be an array of provider names',
  failOn: () => '"failOn" must be "low", "medium" or "high"',
  locked: (e, echo) =>
    e.instancePath === '/locked'
      ? '"locked" must be an array of rule names'
      : `"locked": ${echo && typeof e.data === 'string' ? `"${e.data}"` : 'an entry'} is not a rule that can ` +
        `be locked (${LOCKABLE_RULES.join(', ')})`,
  $schema: () => '"$schema" must be a string',
};

/** Problems of one raw policy object, as readable sentences (empty when valid). */
export function policyProblems(raw: unknown, o: ProblemOptions = {}): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return ['the policy must be a JSON object'];
  const validate = schemaValidator();
  if (validate(raw)) return [];
  const echo = o.nameUnknownKeys !== false;
  const errors = (validate.errors ?? []).map((e) => ({ ...e, data: dataAt(raw, e.instancePath) }));
  const unknown = errors
    .filter((e) => e.instancePath === '' && e.keyword === 'additionalProperties')
    .map((e) => (e.params as { additionalProperty: string }).additionalProperty);
  const problems = echo ? unknown.map((key) => `unknown key "${key}"`) : [];
  if (!echo && unknown.length > 0)
    problems.push(
      `${unknown.length} key${unknown.length === 1 ? '' : 's'} that a secure-mcp policy does not have ` +
        '(names not shown: is this a policy file?)',
    );
  for (const e of errors) {
    const key = e.instancePath.split('/')[1];
    if (key !== undefined) problems.push(EXPLAIN[key]?.(e, echo) ?? `"${key}" is not valid`);
  }
  return [...new Set(problems)];
}

/** The value an Ajv error points at (Ajv reports `data` only with `verbose`, which also copies the schema). */
function dataAt(root: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (v, seg) => (v as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')],
      root,
    );
}

/** Returns the policy when valid; throws {@link PolicyError} listing every problem otherwise. */
export function validatePolicy(raw: unknown, file?: string, o: ProblemOptions = {}): TeamPolicy {
  const problems = policyProblems(raw, o);
  if (problems.length > 0) {
    throw new PolicyError(`${file ?? 'policy'}: ${problems.join('; ')}`, file);
  }
  const { $schema: _schema, ...policy } = raw as TeamPolicy & { $schema?: string };
  return policy;
}
