import type { RedisConnection } from './redis-connection';
import type { ToolContext } from '../../context';

/** What the rate limiter does when its store (Redis) cannot answer. */
export type RateLimitFailMode = 'failClosed' | 'failOpen';

/** Server-wide rate-limit configuration (`createServer({ rateLimit })`). */
export interface RateLimitStoreOptions {
  /**
   * Share limits between server processes through Redis: a URL (`redis://host:6379/0`) or connection options.
   * The server opens the connection (failing fast, no offline queue) and closes it on `close()`.
   * Without it, limits live in this process's memory.
   */
  redis?: RedisConnection;
  /** `failClosed` (default): deny calls while Redis is unreachable. `failOpen`: allow them and log a warning. */
  failMode?: 'failClosed' | 'failOpen';
  /** Prefix of every store key. Default `secure-mcp:rl:`. */
  keyPrefix?: string;
  /** Milliseconds to wait for Redis before treating it as unreachable. Default 1000. */
  timeoutMs?: number;
  /** Time source in ms since the epoch; decides which window a call falls in. Default `Date.now`. */
  clock?: () => number;
}

/** Outcome of the rate-limit step for one call. */
export type RateLimitDecision =
  | {
      allowed: true;
      /** Set when the store was unreachable and `failOpen` let the call through unlimited: audit that. */
      failedOpen?: true;
    }
  | {
      allowed: false;
      /** When the client may try again. */
      retryAfterMs: number;
      /** The limit that denied the call (for `store-unavailable`: the tool's first limit). */
      limit: number;
      windowMs: number;
      reason: 'exceeded' | 'store-unavailable';
    };

export type RateLimitDenial = Extract<RateLimitDecision, { allowed: false }>;

/** What the step needs from a call: the full tool context, because a `by` function may read any of it. */
export type RateLimitContext = ToolContext;

/** The compiled check for one tool, run on every call. */
export type RateLimitCheck = (ctx: RateLimitContext) => Promise<RateLimitDecision>;
