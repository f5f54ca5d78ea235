import { homedir } from 'node:os';
import { keychainDelete, keychainGet, keychainSet } from '../security/secrets';
import { readSecretInput } from './read-secret-input';

/** The OS keychain operations `secure-mcp secrets` uses (the real ones from src/security/secrets). */
export interface Keychain {
  set: typeof keychainSet;
  get: typeof keychainGet;
  delete: typeof keychainDelete;
}

/** Everything a command touches outside its arguments; tests replace parts of it. */
export interface CliDeps {
  /** One line of the command's result (stdout). */
  out(line: string): void;
  /** One line of diagnostics (stderr). */
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  cwd: string;
  home: string;
  now(): Date;
  keychain: Keychain;
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
    platform: process.platform,
    cwd: process.cwd(),
    home: homedir(),
    now: () => new Date(),
    keychain: { set: keychainSet, get: keychainGet, delete: keychainDelete },
    readSecret: readSecretInput,
  };
}
