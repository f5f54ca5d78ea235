import { RATE_LIMITS } from '../metadata/keys';
import type { RateLimitOptions } from '../metadata/types';

/**
 * Limits how often the tool may be called. Stack several for several windows (e.g. 5 per second and
 * 100 per hour). A denied call never runs the tool; the client is told when to retry.
 *
 * @example `@RateLimit({ limit: 10, window: '1m' })`
 */
export function RateLimit(options: RateLimitOptions): ClassDecorator {
  return (target) => {
    const existing: RateLimitOptions[] = Reflect.getOwnMetadata(RATE_LIMITS, target) ?? [];
    Reflect.defineMetadata(RATE_LIMITS, [...existing, { ...options }], target);
  };
}
