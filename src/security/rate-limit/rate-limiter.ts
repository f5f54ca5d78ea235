import type { Logger } from '../../logging/logger';
import type { RateLimitOptions } from '../../metadata/types';
import { memoryStore, redisStore, type BucketStore } from './bucket-store';
import { compileLimits, type CompiledLimit } from './compile-limits';
import { OutageLog } from './outage-log';
import type { Redis } from 'ioredis';
import type { RedisConnection } from './redis-connection';
import type { RateLimitCheck, RateLimitContext, RateLimitDecision, RateLimitStoreOptions } from './types';

const ALLOWED: RateLimitDecision = Object.freeze({ allowed: true });
const FAILED_OPEN: RateLimitDecision = Object.freeze({ allowed: true, failedOpen: true });
const ALWAYS_ALLOWED: RateLimitCheck = () => Promise.resolve(ALLOWED);
/** What a client is told to wait when the store is unreachable: long enough not to hammer it. */
const STORE_RETRY_MS = 1_000;

/**
 * The rate-limit subsystem of one server: owns the store (memory or Redis) and compiles each tool's
 * stacked `@RateLimit`s into one check. Windows are fixed and aligned to the clock (a 1m window runs
 * from one whole minute to the next), so every process sharing Redis agrees on them and a fake clock
 * drives them in tests.
 *
 * Stacked limits: a call is allowed only if every limit allows it. Points are taken limit by limit; when
 * one limit says no, the points already taken (and the refused ones, which the store also counted) are
 * given back, so a denied call consumes nothing. Under concurrency a call may see a point that another,
 * soon-refunded call holds for a moment and be denied; it can never make more calls than the limit pass.
 */
export class RateLimiter {
  private readonly store: BucketStore;
  private readonly outage: OutageLog;
  private readonly failOpen: boolean;
  private readonly clock: () => number;
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;

  /** `redis` may also be an ioredis client here (used as is, left open): tests and internal callers only. */
  constructor(
    options: Omit<RateLimitStoreOptions, 'redis'> & { redis?: RedisConnection | Redis; logger?: Logger } = {},
  ) {
    const failMode = options.failMode ?? 'failClosed';
    if (failMode !== 'failClosed' && failMode !== 'failOpen') {
      throw new Error(
        `rateLimit.failMode must be 'failClosed' or 'failOpen', got ${JSON.stringify(failMode)}`,
      );
    }
    this.failOpen = failMode === 'failOpen';
    this.clock = options.clock ?? Date.now;
    this.keyPrefix = options.keyPrefix ?? 'secure-mcp:rl:';
    this.timeoutMs = options.timeoutMs ?? 1_000;
    this.outage = new OutageLog(options.logger, failMode);
    this.store = options.redis
      ? redisStore(options.redis, this.timeoutMs, (err) => this.outage.failed(err))
      : memoryStore();
  }

  /**
   * Waits (up to the store timeout, or `timeoutMs`) until the store answers. Call it once at start-up so
   * that the first calls are not refused while Redis is still connecting. Returns false, and logs, if
   * Redis is unreachable; calls then follow the fail mode until it comes back.
   */
  async ready(timeoutMs = Math.max(this.timeoutMs, 2_000)): Promise<boolean> {
    const ok = await this.store.ready(timeoutMs);
    if (!ok) this.outage.failed(new Error(`no connection to Redis within ${timeoutMs} ms`));
    return ok;
  }

  /** Compiles a tool's stacked limits once at start-up; the returned function runs on every call. */
  forTool(toolName: string, limits: readonly RateLimitOptions[]): RateLimitCheck {
    if (limits.length === 0) return ALWAYS_ALLOWED;
    const compiled = compileLimits(toolName, limits, this.store, this.keyPrefix);
    return (ctx) => this.check(compiled, ctx);
  }

  /** Closes the Redis connection if this limiter opened it (a client passed in stays open). */
  close(): Promise<void> {
    return this.store.close();
  }

  private async check(limits: readonly CompiledLimit[], ctx: RateLimitContext): Promise<RateLimitDecision> {
    const now = this.clock();
    // All keys first: a `by` function that throws must do so before any point is taken.
    const keys: string[] = new Array<string>(limits.length);
    for (let i = 0; i < limits.length; i++) {
      const l = limits[i];
      keys[i] = l.keyHead + (now - (now % l.windowMs)) + ':' + l.keyPart(ctx);
    }
    // taken[i]: limit i holds this call's points (refused points too: the store counted them).
    const taken: boolean[] = [];
    let storeFailed = false;
    for (let i = 0; i < limits.length; i++) {
      const l = limits[i];
      let within: boolean;
      try {
        within = await l.bucket.take(keys[i], l.cost);
      } catch (err) {
        this.outage.failed(err);
        storeFailed = true;
        // After a timeout the points may or may not have been taken; not refunding errs on the strict side.
        taken.push(false);
        if (this.failOpen) continue;
        await this.refund(limits, keys, taken);
        return {
          allowed: false,
          retryAfterMs: STORE_RETRY_MS,
          limit: l.limit,
          windowMs: l.windowMs,
          reason: 'store-unavailable',
        };
      }
      taken.push(true);
      if (!within) {
        await this.refund(limits, keys, taken);
        return {
          allowed: false,
          retryAfterMs: l.windowMs - (now % l.windowMs),
          limit: l.limit,
          windowMs: l.windowMs,
          reason: 'exceeded',
        };
      }
    }
    if (storeFailed) return FAILED_OPEN;
    this.outage.ok();
    return ALLOWED;
  }

  private async refund(
    limits: readonly CompiledLimit[],
    keys: readonly string[],
    taken: readonly boolean[],
  ): Promise<void> {
    const refunds: Promise<void>[] = [];
    for (let i = 0; i < taken.length; i++) {
      if (!taken[i]) continue;
      const refund = limits[i].bucket.giveBack(keys[i], limits[i].cost);
      refunds.push(refund.catch((err: unknown) => this.outage.refundFailed(err)));
    }
    await Promise.all(refunds);
  }
}
