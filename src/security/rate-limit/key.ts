import type { RateLimitKey } from '../../metadata/types';
import type { RateLimitContext } from './types';

/** Returns the part of a bucket key that says whose bucket it is. */
export type KeyPart = (ctx: RateLimitContext) => string;

// A one-letter tag per kind keeps a principal named "x" and a session named "x" in different buckets.
const byPrincipal: KeyPart = (ctx) => 'p:' + ctx.principal.id;
const bySession: KeyPart = (ctx) => 's:' + ctx.sessionId;
const byTool: KeyPart = () => 't';

/** Turns a `by` option into a key function once, at start-up, so a call only runs the chosen branch. */
export function compileKeyPart(by: RateLimitKey | undefined, toolName: string): KeyPart {
  if (by === undefined || by === 'principal') return byPrincipal;
  if (by === 'session') return bySession;
  if (by === 'tool') return byTool;
  if (typeof by === 'function') {
    return (ctx) => {
      const part: unknown = by(ctx);
      if (typeof part !== 'string') {
        throw new TypeError(
          `rate-limit key function of tool ${toolName} returned ${typeof part}, not a string`,
        );
      }
      return 'f:' + part;
    };
  }
  throw new Error(
    `tool ${toolName}: rate-limit "by" must be 'principal', 'session', 'tool' or a function, got ${JSON.stringify(by)}`,
  );
}

/** Orders stacked limits: per-caller buckets first, the shared per-tool bucket last (see compileLimits). */
export function scopeRank(by: RateLimitKey | undefined): number {
  return by === 'tool' ? 1 : 0;
}
