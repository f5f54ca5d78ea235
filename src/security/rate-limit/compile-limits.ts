import { StartupError } from '../../errors';
import type { RateLimitOptions } from '../../metadata/types';
import type { Bucket, BucketStore } from './bucket-store';
import { compileKeyPart, scopeRank, type KeyPart } from './key';
import { parseWindow } from './parse-window';

/** One `@RateLimit` with everything a call needs precomputed. */
export interface CompiledLimit {
  readonly limit: number;
  readonly windowMs: number;
  readonly cost: number;
  /** `<prefix><tool>:<n>:` — the constant head of every key of this limit. */
  readonly keyHead: string;
  readonly keyPart: KeyPart;
  readonly bucket: Bucket;
}

/**
 * Validates a tool's stacked limits and builds their buckets. The order of the result is the order in
 * which a call consumes them: per-caller limits before the shared per-tool limit, shorter windows first.
 * A call denied by an early limit then never touches (and never briefly fills) the later, wider buckets,
 * so one caller's burst does not crowd others out of a shared bucket.
 */
export function compileLimits(
  toolName: string,
  limits: readonly RateLimitOptions[],
  store: BucketStore,
  keyPrefix: string,
): CompiledLimit[] {
  const specs = limits.map((options, index) => {
    const where = `tool ${toolName}: @RateLimit #${index + 1}`;
    const fail = (why: string): never => {
      throw new StartupError(`${where}: ${why}`);
    };
    const { limit, cost = 1, by } = options;
    if (!Number.isSafeInteger(limit) || limit < 1)
      fail(`limit must be a whole number >= 1, got ${String(limit)}`);
    if (!Number.isSafeInteger(cost) || cost < 1)
      fail(`cost must be a whole number >= 1, got ${String(cost)}`);
    if (cost > limit) fail(`cost ${cost} is greater than limit ${limit}, so no call could ever run`);
    let windowMs = 0;
    try {
      windowMs = parseWindow(options.window);
    } catch (err) {
      fail((err as Error).message);
    }
    let keyPart: KeyPart = () => '';
    try {
      keyPart = compileKeyPart(by, toolName);
    } catch (err) {
      fail((err as Error).message);
    }
    return { index, limit, cost, windowMs, keyPart, rank: scopeRank(by) };
  });

  specs.sort((a, b) => a.rank - b.rank || a.windowMs - b.windowMs || a.index - b.index);

  return specs.map((s) => ({
    limit: s.limit,
    windowMs: s.windowMs,
    cost: s.cost,
    // The declaration index keeps two limits with the same window and `by` in separate buckets.
    keyHead: `${keyPrefix}${toolName}:${s.index}:`,
    keyPart: s.keyPart,
    // A key lives one window (whole seconds, as Redis TTLs are) plus one second from its first call, so it
    // always outlives its window, also with some clock skew between processes and Redis. Keys carry the
    // window start, so an old key is never read again; the TTL only frees memory.
    bucket: store.bucket(s.limit, Math.ceil(s.windowMs / 1000) + 1),
  }));
}
