import { hostAllowed } from './check';
import { DEFAULT_MAX_SECRET_AGE_DAYS, type FailOn, type LockableRule, type TeamPolicy } from './types';

/** One rule a layer sets weaker than its base, with what changed in words. */
export interface RuleChange {
  rule: LockableRule;
  change: string;
}

const BOOLEAN_RULES = ['requireRateLimit', 'requireAudit', 'readOnly', 'forbidWildcardIam'] as const;
// A higher --fail-on threshold fails on fewer findings: "high" is the weakest.
const FAIL_ON_RANK: Record<FailOn, number> = { low: 0, medium: 1, high: 2 };

/**
 * The rules `layer` (a file that extends `base`) sets weaker than `base`: a required check turned off, a longer
 * secret age (than the base's or the default), a higher `failOn`, hosts or secret providers the base does not
 * allow. Keys the layer leaves out keep the base value and are never a weakening. Pure: no I/O.
 */
export function weakenedRules(base: TeamPolicy, layer: TeamPolicy): RuleChange[] {
  const out: RuleChange[] = [];
  for (const rule of BOOLEAN_RULES) {
    if (base[rule] === true && layer[rule] === false) out.push({ rule, change: 'true -> false' });
  }
  const baseAge = base.maxSecretAgeDays ?? DEFAULT_MAX_SECRET_AGE_DAYS;
  if (layer.maxSecretAgeDays !== undefined && layer.maxSecretAgeDays > baseAge) {
    out.push({ rule: 'maxSecretAgeDays', change: `${baseAge} -> ${layer.maxSecretAgeDays} days` });
  }
  if (base.failOn && layer.failOn && FAIL_ON_RANK[layer.failOn] > FAIL_ON_RANK[base.failOn]) {
    out.push({ rule: 'failOn', change: `${base.failOn} -> ${layer.failOn}` });
  }
  const baseAllow = base.network?.allow;
  const layerAllow = layer.network?.allow;
  if (baseAllow && layerAllow) {
    const added = layerAllow.filter((h) => !hostAllowed(h, baseAllow));
    if (added.length > 0) out.push({ rule: 'network', change: `allows more hosts: ${added.join(', ')}` });
  }
  const baseProviders = base.allowedSecretProviders;
  if (baseProviders && layer.allowedSecretProviders) {
    const added = layer.allowedSecretProviders.filter((p) => !baseProviders.includes(p));
    if (added.length > 0)
      out.push({ rule: 'allowedSecretProviders', change: `allows more providers: ${added.join(', ')}` });
  }
  return out;
}
