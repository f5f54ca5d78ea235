import { loadEntryTools } from './entry/load-entry';
import type { ToolPosture } from './entry/posture';
import { resolveEntry } from './entry/resolve-entry';

/** A capability (tool, resource or prompt) as the CLI commands need it. */
export type CliTool = ToolPosture & { className: string };

/**
 * Tools, resources and prompts of a project, read from the decorators' metadata of its built entry module
 * (`--entry`, else package.json): exactly what the server would serve, with constants resolved.
 */
export async function projectTools(project: string, entry?: string): Promise<CliTool[]> {
  return loadEntryTools(resolveEntry(project, entry));
}

/** How start-up and `policy check` name a capability: tools by name, others as `kind:name`. */
export function capabilityLabel(t: Pick<ToolPosture, 'kind' | 'name'>): string {
  return t.kind ? `${t.kind}:${t.name}` : t.name;
}
