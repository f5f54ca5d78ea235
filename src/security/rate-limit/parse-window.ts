import type { WindowSpec } from '../../metadata/types';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const WINDOW_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/**
 * Converts a `@RateLimit` window (`500`, `'500ms'`, `'10s'`, `'1.5m'`, `'1h'`, `'1d'`) to milliseconds.
 * Runs at start-up only, so it is strict: a typo must stop the server, not silently mean "no limit".
 */
export function parseWindow(w: WindowSpec): number {
  let ms: number;
  if (typeof w === 'number') {
    ms = w;
  } else {
    const match = typeof w === 'string' ? WINDOW_PATTERN.exec(w) : null;
    if (!match)
      throw new Error(invalid(w, `use milliseconds or a string like '500ms', '10s', '1m', '1h', '1d'`));
    ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(invalid(w, 'it must be greater than 0'));
  if (!Number.isInteger(ms)) throw new Error(invalid(w, 'it must be a whole number of milliseconds'));
  return ms;
}

function invalid(w: unknown, why: string): string {
  return `invalid rate-limit window ${JSON.stringify(w)}: ${why}`;
}
