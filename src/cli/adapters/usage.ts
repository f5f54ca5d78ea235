import { join } from 'node:path';
import { readJsonIfExists } from './read-json';
import { stateDir } from './state-dir';

/**
 * ADAPTER (lead: point at `src/audit/usage.ts` `readUsage()` when merging).
 * Servers built with secure-mcp record their last call here: `{ "servers": { "<name>": { "lastCall": "<ISO>" } } }`.
 */
export interface UsageState {
  servers: Record<string, { lastCall: string }>;
}

export const USAGE_FILE = 'usage.json';

function isUsageState(v: unknown): v is UsageState {
  const servers = (v as UsageState | undefined)?.servers;
  return typeof servers === 'object' && servers !== null && !Array.isArray(servers);
}

/** The usage state, or `undefined` when none was recorded (every server's usage is then unknown). */
export function readUsage(dir: string = stateDir()): UsageState | undefined {
  const raw = readJsonIfExists(join(dir, USAGE_FILE));
  if (raw === undefined) return undefined;
  if (!isUsageState(raw)) throw new Error(`${join(dir, USAGE_FILE)}: expected { "servers": { ... } }`);
  return raw;
}
