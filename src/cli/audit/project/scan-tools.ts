import type { IamPolicyDeclaration } from '../../../metadata/types';
import type { PolicyToolView } from '../../../security/policy';
import type { GapSink } from '../gaps';
import { readProjectFile } from './read-project-file';
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

/** Tool sources larger than this are generated bundles, not tool classes. */
const TOOL_SOURCE_MAX_BYTES = 5 * 1024 * 1024;

/** Line lookup for one source text: newline offsets found once, then a binary search per tool. */
function lineIndex(src: string): (offset: number) => number {
  const starts = [0];
  for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const KIND_OF: Record<string, ScannedTool['kind'] | 'tool'> = {
  Tool: 'tool',
  Resource: 'resource',
  Prompt: 'prompt',
};

/** The `@Tool`, `@Resource` and `@Prompt` classes of one source text. */
export function scanToolSource(src: string, file?: string): ScannedTool[] {
  const tools: ScannedTool[] = [];
  const lineAt = lineIndex(src);
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
      line: lineAt(tool.offset),
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

/**
 * The `@Tool`, `@Resource` and `@Prompt` classes of many files. A file that cannot be read is skipped here (the secret scan reports
 * it); a tool source over the size cap is a gap, since the tools in it would go unchecked.
 */
export function scanToolFiles(
  files: readonly { abs: string; rel: string }[],
  gaps: GapSink = { add: () => undefined },
): ScannedTool[] {
  return files.flatMap((f) => {
    const read = readProjectFile(f, TOOL_SOURCE_MAX_BYTES);
    if ('tooBig' in read)
      gaps.add(`${f.rel} is larger than ${TOOL_SOURCE_MAX_BYTES} bytes; its tools were not read`, f.rel);
    if (!('text' in read)) return [];
    return /@(?:Tool|Resource|Prompt)\(/.test(read.text) ? scanToolSource(read.text, f.rel) : [];
  });
}
