import { PolicyError } from './errors';
import type { TeamPolicy } from './types';

const BOOLEAN_KEYS = ['requireRateLimit', 'requireAudit', 'readOnly', 'forbidWildcardIam'] as const;
const KNOWN_KEYS = new Set<string>([
  '$schema',
  'extends',
  ...BOOLEAN_KEYS,
  'network',
  'maxSecretAgeDays',
  'allowedSecretProviders',
  'failOn',
]);
const FAIL_ON = new Set(['low', 'medium', 'high']);
const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0);
}

/** Problems of one raw policy object, as readable sentences (empty when valid). */
export function policyProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return ['the policy must be a JSON object'];
  const p = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(p)) if (!KNOWN_KEYS.has(key)) problems.push(`unknown key "${key}"`);
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
      for (const key of Object.keys(n)) if (key !== 'allow') problems.push(`unknown key "network.${key}"`);
      if (n.allow !== undefined) {
        if (!isStringArray(n.allow)) problems.push('"network.allow" must be an array of host names');
        else
          for (const h of n.allow)
            if (!HOST_PATTERN.test(h)) problems.push(`"network.allow": "${h}" is not a host name`);
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
  return problems;
}

/** Returns the policy when valid; throws {@link PolicyError} listing every problem otherwise. */
export function validatePolicy(raw: unknown, file?: string): TeamPolicy {
  const problems = policyProblems(raw);
  if (problems.length > 0) {
    throw new PolicyError(`${file ?? 'policy'}: ${problems.join('; ')}`, file);
  }
  const { $schema: _schema, ...policy } = raw as TeamPolicy & { $schema?: string };
  return policy;
}
