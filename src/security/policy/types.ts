import type { IamPolicyDeclaration } from '../../metadata/types';

/** Severity threshold names a policy may set for `secure-mcp audit --fail-on`. */
export type FailOn = 'low' | 'medium' | 'high';

/** A team policy as written in `secure-mcp.config.json` (after `extends` is resolved). */
export interface TeamPolicy {
  /** Package name or relative path of a policy this one builds on (resolved by the loader). */
  extends?: string | string[];
  /** Every tool needs at least one `@RateLimit`. */
  requireRateLimit?: boolean;
  /** Every tool needs `@Audit`. */
  requireAudit?: boolean;
  /** Only `@ReadOnly` tools are allowed. */
  readOnly?: boolean;
  network?: {
    /** Hosts SafeFetch may reach (`example.com` or `*.example.com`); a tool's `@Egress` must stay inside. */
    allow?: string[];
  };
  /** Secrets older than this are reported by `secure-mcp audit`. Default 90. */
  maxSecretAgeDays?: number;
  /** `@IamPolicy` wildcards are refused even with `allowWildcard`. */
  forbidWildcardIam?: boolean;
  /** Names of the secret providers a tool's `@Secret({ provider })` may name. */
  allowedSecretProviders?: string[];
  /** Default `--fail-on` of `secure-mcp audit`. */
  failOn?: FailOn;
  /**
   * Rules that a policy extending this one may keep or tighten but never weaken. Locks add up along the
   * chain: an extending file cannot unlock.
   */
  locked?: LockableRule[];
}

/** The rules a team policy can lock (`network` locks `network.allow`). */
export const LOCKABLE_RULES = [
  'requireRateLimit',
  'requireAudit',
  'readOnly',
  'forbidWildcardIam',
  'network',
  'maxSecretAgeDays',
  'allowedSecretProviders',
  'failOn',
] as const;
export type LockableRule = (typeof LOCKABLE_RULES)[number];

/** A rule that a file extending another policy set to something weaker than what it extends. */
export interface PolicyWeakening {
  rule: LockableRule;
  /** The file that weakens the rule. */
  file: string;
  /** The file that set the value it weakens (or that it extends, when the value is a default). */
  base: string;
  /** What changed, in words, e.g. `true -> false`, `90 -> 36500 days`, `adds hosts: evil.com`. */
  change: string;
}

/** A team policy after `extends` was merged, with the files it came from (base first). */
export interface LoadedPolicy {
  policy: Omit<TeamPolicy, 'extends'>;
  /** Absolute paths, base policies first, the project's file last. */
  files: string[];
  /** Every rule an extending file weakened (none of them locked: a locked one fails the load). */
  weakenings: PolicyWeakening[];
}

/** One rule a tool breaks. */
export interface PolicyViolation {
  tool: string;
  rule: string;
  message: string;
}

/**
 * What `checkPolicy` needs to know of a tool. A `ToolDefinition` fits; so does the CLI's static view
 * of a tool class.
 */
export interface PolicyToolView {
  name: string;
  readOnly: boolean;
  rateLimits: readonly unknown[];
  audit?: unknown;
  iam: readonly IamPolicyDeclaration[];
  egress?: readonly string[];
  secrets?: readonly { name: string; provider?: string }[];
}

export const DEFAULT_MAX_SECRET_AGE_DAYS = 90;
export const POLICY_FILE_NAME = 'secure-mcp.config.json';
