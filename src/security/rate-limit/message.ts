import type { RateLimitDenial } from './types';

/** Retry-after in whole seconds, at least 1 (what clients show and wait for). */
export function retryAfterSeconds(denial: RateLimitDenial): number {
  return Math.max(1, Math.ceil(denial.retryAfterMs / 1000));
}

/** The text a client sees for a denied call. */
export function denialMessage(toolName: string, denial: RateLimitDenial): string {
  const what =
    denial.reason === 'exceeded' ? 'rate limit exceeded' : 'rate limit unavailable (store unreachable)';
  return `${what} for ${toolName}; retry in ${retryAfterSeconds(denial)} s`;
}
