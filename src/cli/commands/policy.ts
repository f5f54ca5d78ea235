import { resolve } from 'node:path';
import { checkPolicy, loadProjectPolicy } from '../../security/policy';
import { EXIT, type CliDeps } from '../deps';
import { capabilityLabel, projectTools } from '../tools-source';
import { escapeControls, safeJson } from '../audit/safe-text';

export interface PolicyOptions {
  project?: string;
  entry?: string;
  json?: boolean;
}

/** `secure-mcp policy check`: loads the team policy (with `extends`) and checks every tool against it. */
export async function runPolicyCheck(o: PolicyOptions, deps: CliDeps): Promise<number> {
  const project = resolve(deps.cwd, o.project ?? '.');
  const loaded = loadProjectPolicy(project);
  if (!loaded) {
    deps.err(escapeControls(`No secure-mcp.config.json in ${project}`));
    return EXIT.usage;
  }
  const tools = await projectTools(project, o.entry ? resolve(deps.cwd, o.entry) : undefined);
  const violations = checkPolicy(
    loaded.policy,
    tools.map((t) => ({ ...t, name: capabilityLabel(t) })),
  );
  if (o.json) {
    deps.out(
      safeJson({ policy: loaded.policy, files: loaded.files, weakenings: loaded.weakenings, violations }),
    );
  } else {
    deps.out(escapeControls(`Policy: ${loaded.files.join(' <- ')}`));
    for (const w of loaded.weakenings)
      deps.out(escapeControls(`WEAKENED ${w.rule}: ${w.file} changes ${w.base} (${w.change})`));
    for (const v of violations) deps.out(escapeControls(`VIOLATION ${v.rule}: ${v.message}`));
    deps.out(violations.length === 0 ? `${tools.length} tools comply.` : `${violations.length} violations.`);
  }
  return violations.length === 0 ? EXIT.ok : EXIT.findings;
}
