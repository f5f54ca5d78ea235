import { existsSync } from 'node:fs';
import { readSecretCatalog, type SecretCatalogEntry } from '../adapters/secret-catalog';
import { DEFAULT_MAX_SECRET_AGE_DAYS, type LoadedPolicy } from '../../security/policy';
import type { Finding } from './finding';
import { checkDotEnv } from './project/check-dotenv';
import { checkToolsAgainstPolicy, loadPolicyForAudit } from './project/check-policy';
import { checkSecretAge } from './project/check-secret-age';
import { checkSourceSecrets, SOURCE_FILE } from './project/check-source-secrets';
import { checkToolIam, checkToolPosture } from './project/check-tools';
import { scanToolFiles, type ScannedTool } from './project/scan-tools';
import { projectFiles } from './project/walk';

export interface ProjectAuditOptions {
  project: string;
  stateDir: string;
  now: Date;
  display: (file: string) => string;
  /** Tools read from a built entry (`--entry`); when absent, the sources are scanned. */
  tools?: ScannedTool[];
  /** Override for tests and for the lead's wiring of the SecretCatalog. */
  readSecretCatalog?: (stateDir: string) => SecretCatalogEntry[];
}

export interface ProjectAuditResult {
  findings: Finding[];
  tools: ScannedTool[];
  policy?: LoadedPolicy;
  filesScanned: number;
}

const TOOL_SOURCE = /\.(?:[cm]?ts|[cm]?js)$/;

/** Checks one project folder: policy, tools, IAM, .env, secrets in files, secret age. */
export function auditProject(o: ProjectAuditOptions): ProjectAuditResult {
  if (!existsSync(o.project)) throw new Error(`project folder not found: ${o.project}`);
  const files = projectFiles(o.project, SOURCE_FILE);
  const tools =
    o.tools ?? scanToolFiles(files.filter((f) => TOOL_SOURCE.test(f.rel) && !/\.d\.ts$/.test(f.rel)));
  const policy = loadPolicyForAudit(o.project, o.display);
  const findings: Finding[] = [
    ...policy.findings,
    ...checkToolPosture(tools),
    ...checkToolIam(tools),
    ...checkToolsAgainstPolicy(policy.loaded, tools),
    ...checkDotEnv(o.project),
    ...checkSourceSecrets(files),
  ];
  let catalog: SecretCatalogEntry[] = [];
  try {
    catalog = (o.readSecretCatalog ?? readSecretCatalog)(o.stateDir);
  } catch (e) {
    findings.push({
      id: 'state-unreadable',
      severity: 'low',
      title: `Secret catalog unreadable: ${(e as Error).message}`,
      fix: 'Repair or remove the catalog file; secrets set with secure-mcp recreate it.',
    });
  }
  const maxDays = policy.loaded?.policy.maxSecretAgeDays ?? DEFAULT_MAX_SECRET_AGE_DAYS;
  findings.push(...checkSecretAge(catalog, maxDays, o.now));
  return { findings, tools, policy: policy.loaded, filesScanned: files.length };
}
