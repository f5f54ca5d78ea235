import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readUsage, usageFile } from '../../audit/usage';
import { SecretCatalog } from '../../security/secrets/catalog';
import { stateDir } from '../../state-dir';
import { auditClients } from '../audit/audit-clients';
import { auditProject } from '../audit/audit-project';
import { ScanGaps } from '../audit/gaps';
import { escapeControls, maskFindings, safeJson } from '../audit/safe-text';
import { atOrAbove, sortFindings, type Finding, type Severity } from '../audit/finding';
import { formatJson } from '../audit/format/json';
import { formatSarif } from '../audit/format/sarif';
import { formatText } from '../audit/format/text';
import { EXIT, type CliDeps } from '../deps';
import { displayPath } from '../display';
import { projectTools } from '../tools-source';
import { packageVersion } from '../version';

export interface AuditOptions {
  project?: string;
  clientConfig?: string[];
  home?: string;
  json?: boolean;
  sarif?: boolean;
  failOn?: Severity;
  unusedDays: number;
  entry?: string;
  clients: boolean;
  /** Caps of the project walk (`--max-files`, `--max-entries`); reaching one is a `scan-incomplete` finding. */
  maxFiles?: number;
  maxEntries?: number;
}

/** `secure-mcp audit`: returns the exit code. */
export async function runAudit(o: AuditOptions, deps: CliDeps): Promise<number> {
  const project = resolve(deps.cwd, o.project ?? '.');
  const home = o.home ? resolve(deps.cwd, o.home) : deps.home;
  const env = deps.env;
  // With --home, the state directory is the one of that home, not the one the environment points at.
  const state = o.home
    ? stateDir({ ...env, XDG_STATE_HOME: undefined, LOCALAPPDATA: undefined }, deps.platform, home)
    : stateDir(env, deps.platform, home);
  const missing = [project, ...(o.clientConfig ?? []).map((f) => resolve(deps.cwd, f))].filter(
    (f) => !existsSync(f),
  );
  if (missing.length > 0) {
    deps.err(`secure-mcp audit: not found: ${escapeControls(missing.join(', '))}`);
    return EXIT.usage;
  }
  const display = displayPath(project);
  const now = deps.now();
  const tools = o.entry ? await projectTools(project, resolve(deps.cwd, o.entry)) : undefined;
  const catalog = new SecretCatalog(state, () => now);
  const gaps = new ScanGaps();
  const proj = await auditProject({
    project,
    catalog,
    now,
    display,
    tools,
    gaps,
    limits: { maxFiles: o.maxFiles, maxEntries: o.maxEntries },
  });
  const clients = o.clients
    ? auditClients({
        home,
        project,
        appData: o.home ? undefined : env.APPDATA,
        files: o.clientConfig?.map((f) => resolve(deps.cwd, f)),
        usage: await readUsage(usageFile(state)),
        unusedDays: o.unusedDays,
        now,
        env,
        display,
        gaps,
      })
    : { findings: [], files: [] };
  // One masking pass for every format, after every check has run.
  const findings: Finding[] = sortFindings(
    maskFindings([...proj.findings, ...clients.findings, ...gaps.findings()]),
  );
  const scanned = [
    `project ${project} (${proj.filesScanned} files, ${proj.tools.length} tools${o.entry ? ' from ' + o.entry : ', static scan'}; ${proj.skipped})`,
    ...clients.files.map((f) => `client config ${f}`),
  ];
  if (o.sarif) deps.out(safeJson(formatSarif(findings, packageVersion())));
  else if (o.json) deps.out(safeJson(formatJson(findings, scanned)));
  else for (const line of formatText(findings, scanned)) deps.out(line);
  const failOn = o.failOn ?? proj.policy?.policy.failOn ?? 'high';
  return findings.some((f) => atOrAbove(f, failOn)) ? EXIT.findings : EXIT.ok;
}
