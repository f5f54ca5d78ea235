import type { IamPolicyDeclaration } from '../../metadata/types';
import { isWildcardAction, isWildcardResource } from './wildcard';

/** One tool's declarations. */
export interface ToolIamDeclarations {
  tool: string;
  declarations: readonly IamPolicyDeclaration[];
}

export interface IamStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

/** One refused declaration. */
export interface IamProblem {
  tool: string;
  message: string;
}

/** The declarations cannot be merged safely; `problems` says which tool declared what. */
export class IamPolicyError extends Error {
  constructor(readonly problems: IamProblem[]) {
    super(problems.map((p) => `${p.tool}: ${p.message}`).join('\n'));
    this.name = 'IamPolicyError';
  }
}

const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9*?]+$|^\*$/;

/** Problems of one declaration: malformed actions, and wildcards not allowed with a reason. */
export function declarationProblems(tool: string, d: IamPolicyDeclaration): IamProblem[] {
  const problems: IamProblem[] = [];
  if (!Array.isArray(d.actions) || d.actions.length === 0)
    problems.push({ tool, message: 'no actions declared' });
  if (!Array.isArray(d.resources) || d.resources.length === 0)
    problems.push({ tool, message: 'no resources declared' });
  if (problems.length > 0) return problems;
  for (const a of d.actions)
    if (!ACTION_PATTERN.test(a))
      problems.push({ tool, message: `"${a}" is not an IAM action (service:Action)` });
  const wild = [...d.actions.filter(isWildcardAction), ...d.resources.filter(isWildcardResource)];
  if (wild.length > 0) {
    if (!d.allowWildcard) {
      problems.push({
        tool,
        message: `wildcard ${wild.join(', ')}; name the actions and resources, or set allowWildcard with a reason`,
      });
    } else if (typeof d.reason !== 'string' || d.reason.trim() === '') {
      problems.push({ tool, message: `allowWildcard for ${wild.join(', ')} needs a reason` });
    }
  }
  return problems;
}

function sid(index: number): string {
  return `SecureMcp${String(index + 1).padStart(2, '0')}`;
}

/**
 * Merges the declarations of many tools into one least-privilege policy: each action gets exactly the
 * union of the resources declared for it (never more), actions with the same resource set share one
 * statement, duplicates disappear, and everything is sorted so the output is stable.
 * Throws {@link IamPolicyError} on wildcards not allowed with a reason, or malformed declarations.
 */
export function buildIamPolicy(tools: readonly ToolIamDeclarations[]): IamPolicyDocument {
  const problems = tools.flatMap((t) => t.declarations.flatMap((d) => declarationProblems(t.tool, d)));
  if (problems.length > 0) throw new IamPolicyError(problems);
  const resourcesByAction = new Map<string, Set<string>>();
  for (const t of tools) {
    for (const d of t.declarations) {
      for (const action of d.actions) {
        const set = resourcesByAction.get(action) ?? new Set<string>();
        for (const r of d.resources) set.add(r);
        resourcesByAction.set(action, set);
      }
    }
  }
  const actionsByResourceSet = new Map<string, { resources: string[]; actions: string[] }>();
  for (const [action, set] of resourcesByAction) {
    const resources = [...set].sort();
    const key = JSON.stringify(resources);
    const group = actionsByResourceSet.get(key) ?? { resources, actions: [] };
    group.actions.push(action);
    actionsByResourceSet.set(key, group);
  }
  const groups = [...actionsByResourceSet.values()]
    .map((g) => ({ resources: g.resources, actions: g.actions.sort() }))
    .sort((a, b) => (a.resources.join('\n') < b.resources.join('\n') ? -1 : 1));
  return {
    Version: '2012-10-17',
    Statement: groups.map((g, i) => ({
      Sid: sid(i),
      Effect: 'Allow',
      Action: g.actions,
      Resource: g.resources,
    })),
  };
}
