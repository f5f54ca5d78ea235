import type { Logger } from '../../logging/logger';
import { readDotenv } from '../../settings/dotenv-file';
import { setting, settingNamesRead } from '../../settings/setting';
import { StartupError } from '../../errors';

/** The server's own settings: read from the environment, then the project's `.env`. */
export const SERVER_SETTINGS = [
  'SECURE_MCP_READ_ONLY',
  'SECURE_MCP_LOG_LEVEL',
  'SECURE_MCP_SDK_LINE',
] as const;
/** Per-user settings the CLI must see too, so they are read from the environment only. */
const ENVIRONMENT_ONLY = ['SECURE_MCP_STATE_DIR', 'SECURE_MCP_NO_LISTEN'];

/** The value of one of the server's own settings (environment first, then `.env`). */
export function serverSetting(
  name: (typeof SERVER_SETTINGS)[number],
  baseDir: string,
  envFile: string | false,
): string | undefined {
  return setting(name, { baseDir, envFile });
}

/**
 * Checks the names in the project's `.env` at start-up (names only; values are never printed). A misspelt
 * `SECURE_MCP_*` name stops start-up (an operator who wrote `SECURE_MCP_READONLY=1` believes writes are off);
 * any other name that is neither a `@Secret` of a tool nor a setting read through `setting()` gets a warning,
 * because nothing in this server will see it.
 */
export function checkDotenvNames(
  envFile: string | false,
  secretNames: ReadonlySet<string>,
  logger: Logger,
): void {
  if (envFile === false) return;
  const names = Object.keys(readDotenv(envFile));
  const known = (n: string) =>
    secretNames.has(n) || settingNamesRead().has(n) || (SERVER_SETTINGS as readonly string[]).includes(n);
  const misspelt = names.filter((n) => /^SECURE_MCP_/i.test(n) && !known(n) && !ENVIRONMENT_ONLY.includes(n));
  if (misspelt.length > 0) {
    throw new StartupError(
      `${envFile} sets ${misspelt.join(', ')}, which ${misspelt.length > 1 ? 'are not' : 'is not'} a secure-mcp ` +
        `setting; the settings read from .env are ${SERVER_SETTINGS.join(', ')}. Fix the name so the setting ` +
        `takes effect.`,
    );
  }
  const environmentOnly = names.filter((n) => ENVIRONMENT_ONLY.includes(n));
  if (environmentOnly.length > 0) {
    logger.warn(
      `${envFile} sets ${environmentOnly.join(', ')}, which secure-mcp reads from the environment only ` +
        `(the CLI must see the same value); the .env entry is ignored`,
    );
  }
  const unknown = names.filter((n) => !known(n) && !/^SECURE_MCP_/i.test(n));
  if (unknown.length > 0) {
    logger.warn(
      `${envFile} sets ${unknown.join(', ')}, which this server does not read: not a @Secret of any tool and ` +
        `not read through setting() before start-up. Read it with setting('NAME') from 'secure-mcp', or set it ` +
        `in the environment the client starts the server with.`,
    );
  }
}
