import { readConfirm } from '../../metadata/read-confirm';
import type { CapabilityDefinition, IamPolicyDeclaration } from '../../metadata/types';

/** A tool's (resource's, prompt's) security posture as plain JSON (what `secure-mcp tools` prints). */
export interface ToolPosture {
  /** Absent for tools. */
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
}

/** Plain-data view of a tool, resource or prompt definition (functions become `custom`). */
export function toPosture(d: CapabilityDefinition): ToolPosture {
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
  };
}

function confirmPosture(d: CapabilityDefinition): ToolPosture['confirm'] {
  const confirm = readConfirm(d.target, d.target.name);
  return confirm ? { message: confirm.message, ifUnsupported: confirm.ifUnsupported ?? 'refuse' } : undefined;
}
