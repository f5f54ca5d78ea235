import { readFileSync } from 'node:fs';
import type { IamPolicyDeclaration } from '../../../metadata/types';
import type { PolicyToolView } from '../../../security/policy';
import { decoratedClasses } from './decorator-groups';
import { arrayProperty, stringLiterals, stringProperty, trueProperty } from './literals';

/**
 * A tool, resource or prompt as seen by reading its source (or, with `--entry`, its loaded metadata). They share
 * the security decorators, so the same posture checks apply; `kind` is absent for tools.
 */
export interface ScannedTool extends PolicyToolView {
  kind?: 'resource' | 'prompt';
  className: string;
  file?: string;
  line?: number;
  iam: IamPolicyDeclaration[];
}

function lineAt(src: string, offset: number): number {
  return src.slice(0, offset).split('\n').length;
}

const KIND_OF: Record<string, ScannedTool['kind'] | 'tool'> = {
  Tool: 'tool',
  Resource: 'resource',
  Prompt: 'prompt',
};

/** The `@Tool`, `@Resource` and `@Prompt` classes of one source text. */
export function scanToolSource(src: string, file?: string): ScannedTool[] {
  const tools: ScannedTool[] = [];
  for (const c of decoratedClasses(src)) {
    const tool = c.decorators.find((d) => KIND_OF[d.name] !== undefined);
    if (!tool) continue;
    const kind = KIND_OF[tool.name];
    const has = (n: string) => c.decorators.filter((d) => d.name === n);
    tools.push({
      ...(kind !== 'tool' ? { kind } : {}),
      className: c.className,
      name: stringProperty(tool.args, 'name') ?? c.className,
      file,
      line: lineAt(src, tool.offset),
      // Resources and prompts only read (the server treats them as read-only whatever they declare).
      readOnly: kind !== 'tool' || has('ReadOnly').length > 0,
      rateLimits: has('RateLimit').map((d) => d.args),
      audit: has('Audit').length > 0 ? {} : undefined,
      iam: has('IamPolicy').map((d) => ({
        actions: arrayProperty(d.args, 'actions') ?? [],
        resources: arrayProperty(d.args, 'resources') ?? [],
        allowWildcard: trueProperty(d.args, 'allowWildcard') || undefined,
        reason: stringProperty(d.args, 'reason'),
      })),
      egress: has('Egress').length > 0 ? has('Egress').flatMap((d) => stringLiterals(d.args)) : undefined,
    });
  }
  return tools;
}

/** The `@Tool` classes of many files. A file that cannot be read is skipped here (the secret scan reports it). */
export function scanToolFiles(files: readonly { abs: string; rel: string }[]): ScannedTool[] {
  return files.flatMap((f) => {
    let src: string;
    try {
      src = readFileSync(f.abs, 'utf8');
    } catch {
      return [];
    }
    return /@(?:Tool|Resource|Prompt)\(/.test(src) ? scanToolSource(src, f.rel) : [];
  });
}
