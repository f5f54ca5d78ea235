import { HostAllowlist } from '../egress/host-allowlist';
import { isWildcardAction, isWildcardResource } from '../iam/wildcard';
import type { PolicyToolView, PolicyViolation, TeamPolicy } from './types';

/**
 * True when every host `host` names (`example.com` or `*.example.com`) is allowed by `allow`: the same
 * matching SafeFetch applies ({@link HostAllowlist}), so policy and egress cannot disagree.
 */
export function hostAllowed(host: string, allow: readonly string[]): boolean {
  try {
    return new HostAllowlist(allow).covers(host);
  } catch {
    return false; // an entry that is not a host name allows nothing
  }
}

type Rule = (policy: TeamPolicy, tool: PolicyToolView) => PolicyViolation[];

const rules: Rule[] = [
  (p, t) =>
    p.requireRateLimit && t.rateLimits.length === 0
      ? [{ tool: t.name, rule: 'requireRateLimit', message: `tool "${t.name}" has no @RateLimit` }]
      : [],
  (p, t) =>
    p.requireAudit && t.audit === undefined
      ? [{ tool: t.name, rule: 'requireAudit', message: `tool "${t.name}" has no @Audit` }]
      : [],
  (p, t) =>
    p.readOnly && !t.readOnly
      ? [
          {
            tool: t.name,
            rule: 'readOnly',
            message: `tool "${t.name}" is a write tool; the policy allows only @ReadOnly tools`,
          },
        ]
      : [],
  (p, t) => {
    if (!p.forbidWildcardIam) return [];
    const bad = t.iam.flatMap((d) => [
      ...d.actions.filter(isWildcardAction),
      ...d.resources.filter(isWildcardResource),
    ]);
    return bad.length === 0
      ? []
      : [
          {
            tool: t.name,
            rule: 'forbidWildcardIam',
            message: `tool "${t.name}" declares IAM wildcards: ${bad.join(', ')}`,
          },
        ];
  },
  (p, t) => {
    const allow = p.network?.allow;
    if (!allow || !t.egress) return [];
    const outside = t.egress.filter((h) => !hostAllowed(h, allow));
    return outside.length === 0
      ? []
      : [
          {
            tool: t.name,
            rule: 'network.allow',
            message: `tool "${t.name}" reaches hosts outside network.allow: ${outside.join(', ')}`,
          },
        ];
  },
  (p, t) => {
    const allowed = p.allowedSecretProviders;
    if (!allowed || !t.secrets) return [];
    return t.secrets
      .filter((s) => s.provider !== undefined && !allowed.includes(s.provider))
      .map((s) => ({
        tool: t.name,
        rule: 'allowedSecretProviders',
        message: `tool "${t.name}" reads secret ${s.name} from provider "${s.provider}", which the policy does not allow`,
      }));
  },
];

/** Every rule each tool breaks, in tool order. Pure: no I/O. */
export function checkPolicy(policy: TeamPolicy, tools: readonly PolicyToolView[]): PolicyViolation[] {
  return tools.flatMap((tool) => rules.flatMap((rule) => rule(policy, tool)));
}
