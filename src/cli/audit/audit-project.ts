import { existsSync } from 'node:fs';
import { DEFAULT_MAX_SECRET_AGE_DAYS, type LoadedPolicy } from '../../security/policy';
import type { SecretCatalog } from '../../security/secrets/catalog';
import type { Finding } from './finding';
import type { GapSink } from './gaps';
import { checkDotEnv } from './project/check-dotenv';
import { checkToolsAgainstPolicy, loadPolicyForAudit } from './project/check-policy';
import { checkSecretAge } from './project/check-secret-age';
import { checkSourceSecrets, SOURCE_FILE } from './project/check-source-secrets';
import { checkToolIam, checkToolPosture } from './project/check-tools';
import { scanToolFiles, type ScannedTool } from './project/scan-tools';
import { describeSkipped, walkProject, type WalkLimits } from './project/walk';

export interface ProjectAuditOptions {
  project: string;
  /** The secret catalog (names and dates) whose entries the age rule checks. */
  catalog: SecretCatalog;
  now: Date;
  display: (file: string) => string;
  /** Tools read from a built entry (`--entry`); when absent, the sources are scanned. */
  tools?: ScannedTool[];
  /** Where parts not scanned (caps, unreadable folders, ignore files or git index) are reported. */
  gaps: GapSink;
  limits?: WalkLimits;
}

export interface ProjectAuditResult {
  findings: Finding[];
  tools: ScannedTool[];
  policy?: LoadedPolicy;
  filesScanned: number;
  /** Folders skipped by rule and links not followed, in words. */
  skipped: string;
}

const TOOL_SOURCE = /\.(?:[cm]?ts|[cm]?js)$/;

/**
 * Runs one check; a file it cannot read becomes a finding instead of ending the whole audit (the other checks
 * still run). Errors that are not about reading a file are left to the caller.
 */
function orUnreadable(what: string, check: () => Finding[], display: (f: string) => string): Finding[] {
  try {
    return check();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code !== 'string' || !/^E[A-Z]+$/.test(err.code)) throw e;
    // Some errors (EISDIR) carry no path: then the check is named instead.
    const file = typeof err.path === 'string' ? display(err.path) : undefined;
    return [
      {
        id: 'file-unreadable',
        severity: 'medium',
        title: `Could not read ${file ?? `a file of the ${what} check`} (${err.code}): the ${what} check was skipped`,
        file,
        fix: 'Make the file readable by the user running the audit (or remove it), then audit again.',
      },
    ];
  }
}

/** Checks one project folder: policy, tools, IAM, .env, secrets in files, secret age. */
export async function auditProject(o: ProjectAuditOptions): Promise<ProjectAuditResult> {
  if (!existsSync(o.project)) throw new Error(`project folder not found: ${o.project}`);
  const walk = walkProject(o.project, SOURCE_FILE, o.gaps, o.limits);
  const files = walk.files;
  const tools =
    o.tools ??
    scanToolFiles(
      files.filter((f) => TOOL_SOURCE.test(f.rel) && !/\.d\.ts$/.test(f.rel)),
      o.gaps,
    );
  const policy = loadPolicyForAudit(o.project, o.display);
  const findings: Finding[] = [
    ...policy.findings,
    ...checkToolPosture(tools),
    ...checkToolIam(tools),
    ...checkToolsAgainstPolicy(policy.loaded, tools),
    ...orUnreadable('.env', () => checkDotEnv(o.project, o.gaps), o.display),
    ...orUnreadable('secrets-in-files', () => checkSourceSecrets(files), o.display),
  ];
  const maxDays = policy.loaded?.policy.maxSecretAgeDays ?? DEFAULT_MAX_SECRET_AGE_DAYS;
  try {
    findings.push(...(await checkSecretAge(o.catalog, maxDays, o.now)));
  } catch (e) {
    findings.push({
      id: 'state-unreadable',
      severity: 'low',
      title: `Secret catalog unreadable: ${(e as Error).message}`,
      fix: 'Repair or remove the catalog file; secrets set with secure-mcp recreate it.',
    });
  }
  return {
    findings,
    tools,
    policy: policy.loaded,
    filesScanned: files.length,
    skipped: describeSkipped(walk),
  };
}
