import { resolve } from 'node:path';
import { renderTable } from '../audit/format/table';
import { EXIT, type CliDeps } from '../deps';
import { projectTools, type CliTool } from '../tools-source';
import { safeJson } from '../audit/safe-text';

export interface ToolsOptions {
  project?: string;
  entry?: string;
  json?: boolean;
}

function limits(t: CliTool): string {
  if (t.rateLimits.length === 0) return 'NONE';
  return t.rateLimits.map((r) => `${r.limit}/${r.window}`).join('; ');
}

function row(t: CliTool): string[] {
  return [
    t.kind ? `${t.name} (${t.kind})` : t.name,
    t.readOnly ? 'read-only' : 'WRITE',
    limits(t),
    t.audit !== undefined ? 'yes' : 'NO',
    t.secrets?.map((s) => s.name).join(', ') || '-',
    t.scopes?.join(', ') || '-',
    t.egress?.join(', ') || '-',
    t.iam.flatMap((d) => d.actions).join(', ') || '-',
  ];
}

/** `secure-mcp tools`: each tool's, resource's and prompt's posture. */
export async function runTools(o: ToolsOptions, deps: CliDeps): Promise<number> {
  const project = resolve(deps.cwd, o.project ?? '.');
  const tools = await projectTools(project, o.entry ? resolve(deps.cwd, o.entry) : undefined);
  if (o.json) {
    deps.out(safeJson({ source: 'entry', tools }));
    return EXIT.ok;
  }
  if (tools.length === 0) {
    deps.out('The entry registers no @Tool, @Resource or @Prompt classes.');
    return EXIT.ok;
  }
  const header = ['TOOL', 'ACCESS', 'RATE LIMIT', 'AUDIT', 'SECRETS', 'SCOPES', 'EGRESS', 'IAM'];
  for (const line of renderTable(header, tools.map(row), 60)) deps.out(line);
  return EXIT.ok;
}
