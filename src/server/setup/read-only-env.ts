import { StartupError } from '../../errors';

const VARIABLE = 'SECURE_MCP_READ_ONLY';
const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['', '0', 'false', 'no', 'off']);

/**
 * `SECURE_MCP_READ_ONLY` as a boolean: 1/true/yes/on turn read-only mode on, 0/false/no/off or empty (or unset)
 * leave it off, any case. Anything else stops start-up: an operator who wrote `enabled` or `ture` meant to
 * protect something, and silently serving write tools would be the wrong guess.
 */
export function readOnlyFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env[VARIABLE];
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  if (ON.has(value)) return true;
  if (OFF.has(value)) return false;
  throw new StartupError(
    `${VARIABLE} has a value that is not understood; use 1, true, yes or on to serve read-only tools only, ` +
      `or 0, false, no, off or empty to serve all tools`,
  );
}
