import { isAbsolute, join, resolve } from 'node:path';
import { readDotenv } from './dotenv-file';
import { projectDir } from './project-dir';

/** Where {@link setting} looks. */
export interface SettingOptions {
  /** The project folder (default: nearest `package.json` above the entry script). */
  baseDir?: string;
  /** The `.env` file, relative to `baseDir` (default `.env`); `false`: the environment only. */
  envFile?: string | false;
}

/** Names read through {@link setting} in this process, so start-up does not call them unknown. */
const readNames = new Set<string>();

/** Names read through {@link setting} so far. */
export function settingNamesRead(): ReadonlySet<string> {
  return readNames;
}

/** The `.env` file a server with these options reads, or `undefined` for none. */
export function envFilePath(options: SettingOptions = {}): string | undefined {
  if (options.envFile === false) return undefined;
  const file = options.envFile ?? '.env';
  return isAbsolute(file) ? file : join(projectDir(options.baseDir), file);
}

/**
 * A setting of your server (e.g. `MCP_FS_ROOTS`, `AWS_REGION`), by the same rule the server uses for its own
 * `SECURE_MCP_*` settings and for secrets: the environment first, then the project's `.env` file. An empty
 * value counts as unset. Read settings through this, not `process.env`, so a value a user put in `.env` is
 * never silently ignored.
 */
export function setting(name: string, options: SettingOptions = {}): string | undefined {
  readNames.add(name);
  const fromEnv = process.env[name];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const file = envFilePath(options);
  const fromFile = file ? readDotenv(resolve(file))[name] : undefined;
  return fromFile === '' ? undefined : fromFile;
}
