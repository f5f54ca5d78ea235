import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
// The package's index loads every store it has (SQL, Mongo, Dynamo...): these three files are all we use,
// loaded on first use, which keeps them out of the import time of servers without rate limits.
type RLF = typeof import('rate-limiter-flexible');
let loaded: { Memory: RLF['RateLimiterMemory']; Redis: RLF['RateLimiterRedis']; Res: RLF['RateLimiterRes'] };
const rlf = () =>
  (loaded ??= {
    Memory: require('rate-limiter-flexible/lib/RateLimiterMemory') as RLF['RateLimiterMemory'],
    Redis: require('rate-limiter-flexible/lib/RateLimiterRedis') as RLF['RateLimiterRedis'],
    Res: require('rate-limiter-flexible/lib/RateLimiterRes') as RLF['RateLimiterRes'],
  });
import { openRedis, type RedisHandle } from './redis-client';
import type { RedisConnection } from './redis-connection';

/** Counters for one limit: `take` adds points to a key, `giveBack` removes them again. */
export interface Bucket {
  /** true: the key is within its limit after adding; false: over it. Rejects when the store cannot answer. */
  take(key: string, points: number): Promise<boolean>;
  giveBack(key: string, points: number): Promise<void>;
}

/** Where the counters live: this process's memory, or Redis (shared by every process using it). */
export interface BucketStore {
  /**
   * A bucket for a limit of `points`. `ttlSeconds` only tells the store when to forget a key: window
   * boundaries are decided by the caller, which puts the window start into every key.
   */
  bucket(points: number, ttlSeconds: number): Bucket;
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

const ALLOWED = () => true;
// rate-limiter-flexible rejects with a RateLimiterRes when the limit is exceeded, and with an Error when
// the store fails; only the first is an answer.
const overOrThrow = (reason: unknown): boolean => {
  if (reason instanceof rlf().Res) return false;
  throw reason;
};
const NOTHING = () => undefined;

function wrap(limiter: RateLimiterAbstract, timeoutMs?: number): Bucket {
  if (timeoutMs === undefined) {
    return {
      take: (key, points) => limiter.consume(key, points).then(ALLOWED, overOrThrow),
      giveBack: (key, points) => limiter.reward(key, points).then(NOTHING),
    };
  }
  return {
    take: (key, points) => withTimeout(limiter.consume(key, points), timeoutMs).then(ALLOWED, overOrThrow),
    giveBack: (key, points) => withTimeout(limiter.reward(key, points), timeoutMs).then(NOTHING),
  };
}

export function memoryStore(): BucketStore {
  return {
    // keyPrefix '' because our keys are complete already; the library would otherwise concatenate per call.
    bucket: (points, ttlSeconds) => wrap(new (rlf().Memory)({ points, duration: ttlSeconds, keyPrefix: '' })),
    ready: async () => true,
    close: async () => undefined,
  };
}

export function redisStore(
  redis: RedisConnection | Redis,
  timeoutMs: number,
  onError: (err: Error) => void,
): BucketStore {
  const handle: RedisHandle = openRedis(redis, timeoutMs, onError);
  return {
    bucket: (points, ttlSeconds) =>
      wrap(
        new (rlf().Redis)({
          storeClient: handle.client,
          points,
          duration: ttlSeconds,
          keyPrefix: '',
          // Fail at once while disconnected, even with a caller's client that has an offline queue.
          rejectIfRedisNotReady: true,
          // Blocks in process memory would hide counts from the other processes and from refunds.
          inMemoryBlockOnConsumed: 0,
        }),
        timeoutMs,
      ),
    ready: (ms) => handle.ready(ms),
    close: () => handle.close(),
  };
}

/** Redis can hang without closing the socket; a call must not wait for it longer than the configured time. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (reason: unknown) => {
        clearTimeout(timer);
        reject(reason);
      },
    );
  });
}
