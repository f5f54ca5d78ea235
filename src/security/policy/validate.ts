import { PolicyError } from './errors';
import { LOCKABLE_RULES, type TeamPolicy } from './types';

const BOOLEAN_KEYS = ['requireRateLimit', 'requireAudit', 'readOnly', 'forbidWildcardIam'] as const;
const KNOWN_KEYS = new Set<string>([
  '$schema',
  'extends',
  ...BOOLEAN_KEYS,
  'network',
  'maxSecretAgeDays',
  'allowedSecretProviders',
  'failOn',
  'locked',
]);
const LOCKABLE = new Set<string>(LOCKABLE_RULES);
const FAIL_ON = new Set(['low', 'medium', 'high']);
const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0);
}

export interface ProblemOptions {
  /**
   * Name unknown keys and quote bad values (default true). Off for files reached through `extends`: such a
   * file may be any JSON file (credentials included), and its content must not reach a report or a CI log.
   */
  nameUnknownKeys?: boolean;
}

/** Problems of one raw policy object, as readable sentences (empty when valid). */
export function policyProblems(raw: unknown, o: ProblemOptions = {}): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return ['the policy must be a JSON object'];
  const p = raw as Record<string, unknown>;
  const echo = o.nameUnknownKeys !== false;
  const problems: string[] = [];
  const unknown = Object.keys(p).filter((key) => !KNOWN_KEYS.has(key));
  if (echo) for (const key of unknown) problems.push(`unknown key "${key}"`);
  else if (unknown.length > 0)
    problems.push(
      `${unknown.length} key${unknown.length === 1 ? '' : 's'} that a secure-mcp policy does not have ` +
        '(names not shown: is this a policy file?)',
    );
  if (p.extends !== undefined && typeof p.extends !== 'string' && !isStringArray(p.extends)) {
    problems.push('"extends" must be a package name, a relative path, or an array of them');
  }
  for (const key of BOOLEAN_KEYS) {
    if (p[key] !== undefined && typeof p[key] !== 'boolean') problems.push(`"${key}" must be true or false`);
  }
  if (p.network !== undefined) {
    const n = p.network as Record<string, unknown>;
    if (typeof n !== 'object' || n === null || Array.isArray(n)) problems.push('"network" must be an object');
    else {
      for (const key of Object.keys(n))
        if (key !== 'allow')
          problems.push(echo ? `unknown key "network.${key}"` : 'unknown key in "network"');
      if (n.allow !== undefined) {
        if (!isStringArray(n.allow)) problems.push('"network.allow" must be an array of host names');
        else
          for (const h of n.allow)
            if (!HOST_PATTERN.test(h))
              problems.push(
                echo ? `"network.allow": "${h}" is not a host name` : '"network.allow": not a host name',
              );
      }
    }
  }
  const age = p.maxSecretAgeDays;
  if (age !== undefined && !(typeof age === 'number' && Number.isInteger(age) && age > 0)) {
    problems.push('"maxSecretAgeDays" must be a positive whole number');
  }
  if (p.allowedSecretProviders !== undefined && !isStringArray(p.allowedSecretProviders)) {
    problems.push('"allowedSecretProviders" must be an array of provider names');
  }
  if (p.failOn !== undefined && !FAIL_ON.has(p.failOn as string)) {
    problems.push('"failOn" must be "low", "medium" or "high"');
  }
  if (p.locked !== undefined) {
    if (!Array.isArray(p.locked)) problems.push('"locked" must be an array of rule names');
    else
      for (const rule of p.locked)
        if (typeof rule !== 'string' || !LOCKABLE.has(rule))
          problems.push(
            `"locked": ${echo && typeof rule === 'string' ? `"${rule}"` : 'an entry'} is not a rule that can ` +
              `be locked (${LOCKABLE_RULES.join(', ')})`,
          );
  }
  return problems;
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
