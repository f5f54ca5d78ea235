export { parseWindow } from './parse-window';
export { RateLimiter } from './rate-limiter';
export { denialMessage, retryAfterSeconds } from './message';
export type {
  RateLimitCheck,
  RateLimitContext,
  RateLimitDecision,
  RateLimitDenial,
  RateLimitFailMode,
  RateLimitStoreOptions,
} from './types';
