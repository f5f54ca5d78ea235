import { homedir } from 'node:os';
import { verifyAuditLog, type VerifyAuditLog } from './adapters/audit-log';
import { readSecretCatalog, type SecretCatalogEntry } from './adapters/secret-catalog';
import { secretsBackend, type SecretsBackend } from './adapters/secrets-backend';
import { readUsage, type UsageState } from './adapters/usage';
import { readSecretInput } from './read-secret-input';

/** Everything a command touches outside its arguments; tests replace parts of it. */
export interface CliDeps {
  /** One line of the command's result (stdout). */
  out(line: string): void;
  /** One line of diagnostics (stderr). */
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  home: string;
  now(): Date;
  verifyAuditLog: VerifyAuditLog;
  readUsage(stateDir: string): UsageState | undefined;
  readSecretCatalog(stateDir: string): SecretCatalogEntry[];
  secrets(stateDir: string): SecretsBackend;
  /** Reads a secret value from stdin (piped) or a hidden prompt; never from argv. */
  readSecret(prompt: string): Promise<string>;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** The real process's dependencies. */
export function processDeps(): CliDeps {
  return {
    out: (line) => process.stdout.write(line + '\n'), // stdout-ok
    err: (line) => process.stderr.write(line + '\n'),
    env: process.env,
    cwd: process.cwd(),
    home: homedir(),
    now: () => new Date(),
    verifyAuditLog,
    readUsage,
    readSecretCatalog,
    secrets: (dir) =>
      secretsBackend(async (server) => readSecretCatalog(dir).filter((e) => !server || e.server === server)),
    readSecret: readSecretInput,
  };
}
