import { readConfirm } from '../../metadata/read-confirm';
import type { AnyDefinition, IamPolicyDeclaration } from '../../metadata/types';

/** A capability's security posture as plain JSON (what `secure-mcp tools` prints). */
export interface ToolPosture {
  /** Absent for tools, as in the static scan of `secure-mcp audit`. */
  kind?: 'resource' | 'prompt';
  name: string;
  className: string;
  description: string;
  readOnly: boolean;
  timeoutMs: number;
  rateLimits: { limit: number; window: string | number; by: string; cost?: number }[];
  audit?: { args?: boolean };
  secrets: { name: string; provider?: string; optional?: boolean }[];
  scopes: string[];
  egress?: string[];
  iam: IamPolicyDeclaration[];
  /** `@Confirm`: each call is approved by the human first. */
  confirm?: { message: string; ifUnsupported: 'refuse' | 'allow' };
  /** Resources: the fixed URI or the template. */
  uri?: string;
}

/**
 * Plain-data view of any capability definition (functions become `custom`). Every kind shares the security
 * decorators, so one reader covers tools, resources, prompts and any kind added later.
 */
export function toPosture(d: AnyDefinition): ToolPosture {
  return {
    ...(d.kind !== 'tool' ? { kind: d.kind } : {}),
    name: d.name,
    className: d.target.name,
    description: d.description,
    readOnly: d.readOnly,
    timeoutMs: d.timeoutMs,
    rateLimits: d.rateLimits.map((r) => ({
      limit: r.limit,
      window: r.window,
      by: typeof r.by === 'function' ? 'custom' : (r.by ?? 'principal'),
      ...(r.cost !== undefined ? { cost: r.cost } : {}),
    })),
    audit: d.audit ? { ...d.audit } : undefined,
    secrets: d.secrets.map((s) => ({ name: s.name, provider: s.provider, optional: s.optional })),
    scopes: [...d.scopes],
    egress: d.egress ? [...d.egress] : undefined,
    iam: d.iam.map((i) => ({ ...i, actions: [...i.actions], resources: [...i.resources] })),
    confirm: confirmPosture(d),
    ...(d.kind === 'resource' ? { uri: d.uri ?? d.uriTemplate } : {}),
  };
}

function confirmPosture(d: AnyDefinition): ToolPosture['confirm'] {
  const confirm = readConfirm(d.target, d.target.name);
  return confirm ? { message: confirm.message, ifUnsupported: confirm.ifUnsupported ?? 'refuse' } : undefined;
}
