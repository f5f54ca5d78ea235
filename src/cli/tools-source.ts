import { loadEntryTools } from './entry/load-entry';
import type { ToolPosture } from './entry/posture';
import { scanToolFiles, type ScannedTool } from './audit/project/scan-tools';
import { projectFiles } from './audit/project/walk';

/** A tool as the CLI commands need it, from either source. */
export type CliTool = ScannedTool & Partial<Pick<ToolPosture, 'scopes' | 'timeoutMs'>>;

function fromPosture(p: ToolPosture): CliTool {
  return { ...p, audit: p.audit, className: p.className };
}

/**
 * Tools of a project: loaded from a built entry module (exact: what the server would serve) when `entry`
 * is given, else found by scanning `.ts`/`.js` sources for `@Tool` classes (no build needed, gives lines).
 */
export async function projectTools(project: string, entry?: string): Promise<CliTool[]> {
  if (entry) return (await loadEntryTools(entry)).map(fromPosture);
  const files = projectFiles(project, /\.(?:[cm]?ts|[cm]?js)$/).filter((f) => !f.rel.endsWith('.d.ts'));
  return scanToolFiles(files);
}
