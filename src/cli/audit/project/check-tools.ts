import { declarationProblems } from '../../../security/iam';
import { isWildcardAction, isWildcardResource } from '../../../security/iam';
import type { Finding } from '../finding';
import type { ScannedTool } from './scan-tools';

function at(t: ScannedTool): Pick<Finding, 'file' | 'line'> {
  return { file: t.file, line: t.line };
}

/** `Tool "x"`, `Resource "x"`, `Prompt "x"`: how findings name what they are about. */
function label(t: ScannedTool): string {
  const kind = t.kind === 'resource' ? 'Resource' : t.kind === 'prompt' ? 'Prompt' : 'Tool';
  return `${kind} "${t.name}"`;
}

/**
 * Posture findings of each tool, resource and prompt: rate limit, audit, write access. Resource reads and
 * prompt renders reach company data like tool calls, so they get the same rate-limit and audit findings.
 */
export function checkToolPosture(tools: readonly ScannedTool[]): Finding[] {
  return tools.flatMap((t) => {
    const out: Finding[] = [];
    const limited = t.rateLimits.length > 0;
    const audited = t.audit !== undefined;
    if (!limited) {
      out.push({
        id: 'tool-no-rate-limit',
        severity: 'medium',
        title: `${label(t)} has no @RateLimit`,
        ...at(t),
        fix: "Add @RateLimit({ limit: 10, window: '1m' }) (or set requireRateLimit in the team policy).",
      });
    }
    if (!audited) {
      out.push({
        id: 'tool-no-audit',
        severity: 'medium',
        title: `${label(t)} has no @Audit`,
        ...at(t),
        fix: 'Add @Audit() so every call (read, render) leaves a hash-chained record (or set audit.all on the server).',
      });
    }
    if (!t.readOnly) {
      out.push({
        id: 'tool-write',
        severity: limited && audited ? 'info' : 'medium',
        title: `Tool "${t.name}" can write (not @ReadOnly)${limited && audited ? '' : ' and lacks @Audit or @RateLimit'}`,
        ...at(t),
        fix: 'Mark it @ReadOnly() if it only reads; otherwise keep it audited and rate-limited, and serve it only where writes are needed.',
      });
    }
    return out;
  });
}

/** IAM findings: wildcards refused, and wildcards allowed with a reason (reported low, for review). */
export function checkToolIam(tools: readonly ScannedTool[]): Finding[] {
  return tools.flatMap((t) =>
    t.iam.flatMap((d): Finding[] => {
      const wild = [...d.actions.filter(isWildcardAction), ...d.resources.filter(isWildcardResource)];
      if (wild.length === 0) return [];
      const problems = declarationProblems(t.name, d);
      if (problems.length > 0) {
        return [
          {
            id: 'iam-wildcard',
            severity: 'high',
            title: `Tool "${t.name}": IAM wildcard ${wild.join(', ')}`,
            ...at(t),
            fix: 'Name the exact actions and resources (e.g. s3:GetObject on arn:aws:s3:::bucket/*), or set allowWildcard with a reason.',
          },
        ];
      }
      return [
        {
          id: 'iam-wildcard-allowed',
          severity: 'low',
          title: `Tool "${t.name}": IAM wildcard ${wild.join(', ')} allowed (${d.reason})`,
          ...at(t),
          fix: 'Review the reason; narrow the wildcard when you can.',
        },
      ];
    }),
  );
}
