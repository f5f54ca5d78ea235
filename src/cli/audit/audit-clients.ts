import { existsSync } from 'node:fs';
import type { UsageState } from '../../audit/usage';
import { ConfigFileError, readConfigFileSync } from '../../security/files/read-config-file';
import { findKnownSecrets } from '../detect';
import type { Finding } from './finding';
import type { GapSink } from './gaps';
import { checkClientConfig } from './clients/check';
import { withClientChecks } from './clients/client-extras';
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
  /** Where configs that could not be read at all are reported (a partial scan is never clean). */
  gaps?: GapSink;
}

export interface ClientAuditResult {
  findings: Finding[];
  /** Config files that were read. */
  files: string[];
}

/**
 * Known credential formats, line by line, in a config that is not valid JSON: the client ignores it, but
 * a token in it is still on disk (and a broken file must not be a way to hide one).
 */
function secretsInUnparsed(path: string, file: string): Finding[] {
  let text: string;
  try {
    text = readConfigFileSync(path);
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line, i) =>
    findKnownSecrets(line).map((h): Finding => ({
      id: 'client-secret',
      severity: 'high',
      title: `${h.label} hard-coded in a config that cannot be parsed (${h.masked})`,
      file,
      line: i + 1,
      fix: 'Remove the credential from the file, keep it in the OS keychain or the environment, and rotate it.',
    })),
  );
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
      const file = o.display(location.file);
      const unread = e instanceof ConfigFileError || (e as NodeJS.ErrnoException).code !== undefined;
      findings.push({
        id: 'client-config-invalid',
        severity: 'medium',
        title: `${location.client} config cannot be read: ${e instanceof ConfigFileError ? e.reason : ((e as NodeJS.ErrnoException).code ?? 'invalid JSON')}`,
        file,
        fix: 'Fix the JSON syntax; the client ignores a config it cannot parse.',
      });
      if (unread) o.gaps?.add(`${location.client} config was not read`, file);
      else findings.push(...secretsInUnparsed(location.file, file));
      continue;
    }
    const checkOptions = {
      env: o.env,
      usage: o.usage,
      unusedDays: o.unusedDays,
      now: o.now,
      display: o.display,
    };
    findings.push(...withClientChecks(config, checkClientConfig(config, checkOptions), o.display));
    // `claude mcp add` writes to the project's entry of ~/.claude.json by default: those servers count too.
    if (hasClaudeProjects(location.file)) {
      for (const scope of claudeProjectScopes(config))
        findings.push(
          ...inProject(
            scope,
            withClientChecks(scope.config, checkClientConfig(scope.config, checkOptions), o.display),
          ),
        );
    }
  }
  return { findings, files: [...seen] };
}
