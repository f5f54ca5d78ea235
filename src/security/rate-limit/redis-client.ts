import type { Redis, RedisOptions } from 'ioredis';
import type { RedisConnection } from './redis-connection';

/** A Redis connection used by the rate limiter, and whether the limiter must close it. */
export interface RedisHandle {
  readonly client: Redis;
  /** Resolves true once Redis answers, false if it did not within `timeoutMs`. Never rejects. */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Opens (from a URL or options) or adopts (a client; internal use only, not in the public options) the Redis
 * connection. Clients built here fail fast instead of
 * queueing or replaying commands: a queued call would wait for an outage to end, and a replayed INCR after
 * a reconnect would count one call twice.
 */
export function openRedis(
  redis: RedisConnection | Redis,
  timeoutMs: number,
  onError: (err: Error) => void,
): RedisHandle {
  const owned = !isClient(redis);
  const client = isClient(redis) ? redis : connect(redis, timeoutMs);
  // Without a listener ioredis prints every connection error to the console; route them to the log instead.
  if (owned) client.on('error', onError);

  return {
    client,
    ready: (ms) => waitUntilReady(client, ms),
    close: () => (owned ? disconnect(client) : Promise.resolve()),
  };
}

function isClient(redis: RedisConnection | Redis): redis is Redis {
  return typeof redis === 'object' && typeof (redis as Partial<Redis>).sendCommand === 'function';
}

function connectionOptions(options: Exclude<RedisConnection, string>): RedisOptions {
  const { tls, ...rest } = options;
  return { ...rest, ...(tls ? { tls: {} } : {}) };
}

function connect(redis: RedisConnection, timeoutMs: number): Redis {
  const IORedis = (require('ioredis') as typeof import('ioredis')).Redis;
  const failFast: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 1_000),
    // Keep reconnecting for as long as the server runs; calls follow the fail mode meanwhile.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  };
  return typeof redis === 'string'
    ? new IORedis(redis, failFast)
    : new IORedis({ ...connectionOptions(redis), ...failFast });
}

function waitUntilReady(client: Redis, ms: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(value);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    client.on('ready', onReady);
  });
}

/** Resolves once the socket is really closed, so that nothing of ours outlives `close()`. */
function disconnect(client: Redis): Promise<void> {
  if (client.status === 'end') return Promise.resolve();
  if (client.status === 'reconnecting') {
    // No socket is open between reconnect attempts; disconnect() only cancels the next attempt and
    // ioredis emits no 'end' for it.
    client.disconnect();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    client.once('end', () => resolve());
    client.disconnect();
  });
}
