import { randomUUID } from 'node:crypto';
import { StartupError } from '../../errors';
import type { Logger } from '../../logging/logger';
import { openRedis, type RedisHandle } from '../../security/rate-limit/redis-client';
import { DEFAULT_EVENT_LIMITS, type EventStoreLimits, type SessionEventStores } from './events/event-store';
import { MemoryEventStores } from './events/memory-event-store';
import { RedisEventStores } from './events/redis-event-store';
import { DEFAULT_SSE_RETRY_MS, type HttpOptions } from './options';
import { SharedCursorKey } from './replicas/cursor-key';
import { ReplicaBus } from './replicas/replica-bus';
import { SharedSessions } from './replicas/shared-sessions';
import type { SharedStore } from './session-host';

/** Where a listener keeps sessions and SSE events: this process, or Redis shared by replicas. */
export interface SessionBackend {
  events?: SessionEventStores;
  shared?: SharedStore;
  retryMs: number;
  pollAfterMs?: number;
  close(): Promise<void>;
}

const COMMAND_TIMEOUT_MS = 2_000;

export async function createSessionBackend(
  options: HttpOptions,
  serverName: string,
  sessionTtlMs: number,
  logger: Logger,
  /** Adopts the list-cursor key shared by the replicas (store only). */
  useCursorKey?: (key: Buffer) => void,
): Promise<SessionBackend> {
  const resumability = options.resumability === false ? undefined : (options.resumability ?? {});
  const limits: EventStoreLimits = {
    maxEventsPerStream: resumability?.maxEventsPerStream ?? DEFAULT_EVENT_LIMITS.maxEventsPerStream,
    ttlMs: resumability?.eventTtlMs ?? DEFAULT_EVENT_LIMITS.ttlMs,
  };
  for (const [name, value] of Object.entries({ ...limits, retryMs: resumability?.retryMs ?? 1 })) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new StartupError(`listenHttp: resumability ${name} must be a positive whole number`);
    }
  }
  const base = {
    retryMs: resumability?.retryMs ?? DEFAULT_SSE_RETRY_MS,
    pollAfterMs: resumability?.pollAfterMs,
  };
  if (options.stateless) {
    if (options.store) throw new StartupError('listenHttp: `stateless` has no sessions to keep in a `store`');
    return { ...base, close: async () => {} };
  }
  if (!options.store) {
    const events = resumability ? new MemoryEventStores(limits) : undefined;
    return { ...base, events, close: async () => events?.close() };
  }

  const prefix = options.store.prefix ?? `secure-mcp:${serverName}:`;
  const timeoutMs = options.store.connectTimeoutMs ?? 5_000;
  const onError = (error: Error) =>
    logger.warn('session store: Redis connection error', { error: error.message });
  const commands = openRedis(options.store.redis, COMMAND_TIMEOUT_MS, onError);
  // Pub/sub needs a connection of its own; it may wait for messages, so it has no command timeout.
  const subscriberClient = commands.client.duplicate({ commandTimeout: undefined, enableOfflineQueue: true });
  subscriberClient.on('error', onError);
  const subscriber: RedisHandle = openRedis(subscriberClient, timeoutMs, onError);
  const cursorKey = useCursorKey && new SharedCursorKey(commands.client, `${prefix}cursor-key`, useCursorKey);
  const close = async () => {
    cursorKey?.stop();
    subscriber.client.disconnect();
    await commands.close();
  };
  if (!(await commands.ready(timeoutMs)) || !(await subscriber.ready(timeoutMs))) {
    await close();
    throw new StartupError(`listenHttp: the session store's Redis did not answer within ${timeoutMs} ms`);
  }
  await cursorKey?.start();
  const replicaId = randomUUID().slice(0, 8);
  return {
    ...base,
    events: resumability ? new RedisEventStores(commands.client, prefix, limits) : undefined,
    shared: {
      sessions: new SharedSessions(commands.client, prefix, sessionTtlMs),
      bus: new ReplicaBus(commands.client, subscriber.client, prefix, replicaId),
      prefix,
    },
    close,
  };
}
