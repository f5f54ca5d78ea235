import { existsSync } from 'node:fs';
import type { UsageState } from '../../audit/usage';
import type { Finding } from './finding';
import { checkClientConfig } from './clients/check';
import { claudeProjectScopes, hasClaudeProjects, inProject } from './clients/claude-projects';
import { clientConfigLocations, locationForFile, type ClientConfigLocation } from './clients/locate';
import { readClientConfig } from './clients/parse';

export interface ClientAuditOptions {
  home: string;
  project?: string;
  appData?: string;
  /** Files named with `--client-config`; when given, only these are read. */
  files?: string[];
  /** When each secure-mcp server was last called (`readUsage()` of src/audit). */
  usage: UsageState;
  unusedDays: number;
  now: Date;
  env: NodeJS.ProcessEnv;
  display: (file: string) => string;
}

export interface ClientAuditResult {
  findings: Finding[];
  /** Config files that were read. */
  files: string[];
}

/** Reads every MCP client config found and checks its servers. */
export function auditClients(o: ClientAuditOptions): ClientAuditResult {
  const locations: ClientConfigLocation[] = o.files?.length
    ? o.files.map(locationForFile)
    : clientConfigLocations({ home: o.home, project: o.project, appData: o.appData }).filter((l) =>
        existsSync(l.file),
      );
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const location of locations) {
    if (seen.has(location.file)) continue;
    seen.add(location.file);
    let config;
    try {
      config = readClientConfig(location);
    } catch (e) {
      findings.push({
        id: 'client-config-invalid',
        severity: 'medium',
        title: `${location.client} config cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'invalid JSON'}`,
        file: o.display(location.file),
        fix: 'Fix the JSON syntax; the client ignores a config it cannot parse.',
      });
      continue;
    }
    const checkOptions = {
      env: o.env,
      usage: o.usage,
      unusedDays: o.unusedDays,
      now: o.now,
      display: o.display,
    };
    findings.push(...checkClientConfig(config, checkOptions));
    // `claude mcp add` writes to the project's entry of ~/.claude.json by default: those servers count too.
    if (hasClaudeProjects(location.file)) {
      for (const scope of claudeProjectScopes(config))
        findings.push(...inProject(scope, checkClientConfig(scope.config, checkOptions)));
    }
  }
  return { findings, files: [...seen] };
}
