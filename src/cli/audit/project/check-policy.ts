import { checkPolicy, loadProjectPolicy, PolicyError, type LoadedPolicy } from '../../../security/policy';
import type { Finding } from '../finding';
import type { ScannedTool } from './scan-tools';

export interface PolicyResult {
  loaded?: LoadedPolicy;
  findings: Finding[];
}

/** Loads the project's policy: missing (low), invalid (high), or loaded. */
export function loadPolicyForAudit(projectDir: string, display: (f: string) => string): PolicyResult {
  try {
    const loaded = loadProjectPolicy(projectDir);
    if (loaded) return { loaded, findings: weakeningFindings(loaded, display) };
    return {
      findings: [
        {
          id: 'policy-missing',
          severity: 'low',
          title: 'No secure-mcp.config.json: no team rules are enforced',
          file: 'secure-mcp.config.json',
          fix: 'Add secure-mcp.config.json, e.g. { "extends": "@your-org/mcp-policy", "requireRateLimit": true, "requireAudit": true }.',
        },
      ],
    };
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    return {
      findings: [
        {
          id: 'policy-invalid',
          severity: 'high',
          title: `Invalid team policy: ${e.message}`,
          file: e.file ? display(e.file) : 'secure-mcp.config.json',
          fix: 'Fix the policy file so it matches schema/secure-mcp.config.schema.json; servers refuse to start with it.',
        },
      ],
    };
  }
}

/** One finding per rule a file weakens against the policy it extends (a locked one fails the load instead). */
export function weakeningFindings(loaded: LoadedPolicy, display: (f: string) => string): Finding[] {
  return loaded.weakenings.map((w) => ({
    id: 'policy-weakened',
    severity: 'medium',
    title: `Policy rule ${w.rule} weakened (${w.change}) against ${display(w.base)}`,
    file: display(w.file),
    fix:
      `Remove "${w.rule}" from ${display(w.file)} if the team rule should hold; if the team means it to hold ` +
      `everywhere, add "${w.rule}" to "locked" in ${display(w.base)}.`,
  }));
}

/** One finding per rule a tool breaks. */
export function checkToolsAgainstPolicy(
  loaded: LoadedPolicy | undefined,
  tools: readonly ScannedTool[],
): Finding[] {
  if (!loaded) return [];
  const byName = new Map(tools.map((t) => [t.name, t]));
  return checkPolicy(loaded.policy, tools).map((v) => ({
    id: 'policy-violation',
    severity: 'high',
    title: `Policy rule ${v.rule}: ${v.message}`,
    file: byName.get(v.tool)?.file,
    line: byName.get(v.tool)?.line,
    fix: `Change tool "${v.tool}" to satisfy ${v.rule}; the server refuses to start while it is broken.`,
  }));
}
