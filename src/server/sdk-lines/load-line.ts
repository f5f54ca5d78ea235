import { StartupError } from '../../errors';
import { installedLines, selectLine, type SdkLineId } from './select-line';
import type { SdkLine } from './types';

const loaded = new Map<string, SdkLine>();

/**
 * The SDK line to run on (see {@link selectLine}), loaded once per process. Only the chosen line's module is
 * required, so a project with one SDK installed never loads the other.
 */
export function loadSdkLine(requested?: SdkLineId, from?: string): SdkLine {
  const chosen = selectLine(installedLines(from), requested);
  const key = `${chosen.line}@${chosen.version}`;
  let line = loaded.get(key);
  if (!line) {
    // Loaded on demand with require: the other line may not be installed.
    line =
      chosen.line === '2'
        ? (require('./line-2') as typeof import('./line-2')).line2(chosen.version)
        : (require('./line-1') as typeof import('./line-1')).line1(chosen.version);
    loaded.set(key, line);
  }
  return line;
}

/** `SECURE_MCP_SDK_LINE` (`1` or `2`): the line to run on when the code does not say; unset: the newer one. */
export function sdkLineFromEnv(env: NodeJS.ProcessEnv = process.env): SdkLineId | undefined {
  const value = env.SECURE_MCP_SDK_LINE?.trim();
  if (!value) return undefined;
  if (value === '1' || value === '2') return value;
  throw new StartupError(
    `SECURE_MCP_SDK_LINE must be 1 or 2 (the MCP SDK line), not ${JSON.stringify(value.slice(0, 20))}`,
  );
}
