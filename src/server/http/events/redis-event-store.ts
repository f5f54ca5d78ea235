import type { Redis } from 'ioredis';
import type { JSONRPCMessage } from '../../sdk-lines/mcp-types';
import {
  DEFAULT_EVENT_LIMITS,
  parseEventId,
  replayWith,
  type EventStore,
  type EventStoreLimits,
  type SessionEventReader,
  type SessionEventStores,
  type StoredEvent,
} from './event-store';

/** Stream ids are the SDK's (UUIDs, `_GET_stream`); positions are Redis stream ids. Anything else is refused. */
const STREAM_ID = /^[\w-]{1,64}$/;
const POSITION = /^\d{1,20}-\d{1,20}$/;

/**
 * Appends one event in one round trip: XADD (trimmed to the per-stream cap), TTL on the stream and on the
 * session's index of streams (for clean-up when the session ends), and a PUBLISH so that a replica serving a
 * resumed stream sees events stored by the replica that runs the request.
 */
const STORE_EVENT = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], '*', 'm', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[2], KEYS[1])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PUBLISH', KEYS[3], ARGV[4] .. '.' .. id .. '\\n' .. ARGV[2])
return id`;

type StoringRedis = Redis & {
  smcpStoreEvent(stream: string, index: string, channel: string, ...args: string[]): Promise<string>;
};

/** Key names, all under one prefix so that a deployment can share a Redis with other applications. */
export function eventKeys(prefix: string, sessionId: string) {
  return {
    stream: (streamId: string) => `${prefix}ev:${sessionId}:${streamId}`,
    index: `${prefix}evk:${sessionId}`,
    channel: (streamId: string) => `${prefix}evc:${sessionId}:${streamId}`,
  };
}

/** Decodes a published event: `<streamId>.<position>\n<message JSON>`. */
export function decodePublishedEvent(payload: string): StoredEvent | undefined {
  const nl = payload.indexOf('\n');
  if (nl < 0) return undefined;
  try {
    return { id: payload.slice(0, nl), message: JSON.parse(payload.slice(nl + 1)) as JSONRPCMessage };
  } catch {
    return undefined;
  }
}

/**
 * SSE events in Redis streams, shared by every replica: a client may resume on any of them. Bounded like
 * the memory store: `MAXLEN` per stream, and keys expire `ttlMs` after their last event.
 */
export class RedisEventStores implements SessionEventStores {
  private readonly redis: StoringRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly limits: EventStoreLimits = DEFAULT_EVENT_LIMITS,
  ) {
    if (!('smcpStoreEvent' in redis))
      redis.defineCommand('smcpStoreEvent', { numberOfKeys: 3, lua: STORE_EVENT });
    this.redis = redis as StoringRedis;
  }

  forSession(sessionId: string): EventStore & SessionEventReader {
    const keys = eventKeys(this.prefix, sessionId);
    const { maxEventsPerStream, ttlMs } = this.limits;
    const valid = (eventId: string) => {
      const parsed = parseEventId(eventId);
      return parsed && STREAM_ID.test(parsed.streamId) && POSITION.test(parsed.position) ? parsed : undefined;
    };
    const eventsAfter = async (eventId: string) => {
      const parsed = valid(eventId);
      if (!parsed) return undefined;
      const key = keys.stream(parsed.streamId);
      const [[, exists], [, rows]] = (await this.redis
        .multi()
        .exists(key)
        .xrange(key, `(${parsed.position}`, '+')
        .exec()) as [[unknown, number], [unknown, Array<[string, string[]]>]];
      if (!exists) return undefined;
      const events: StoredEvent[] = rows.map(([position, fields]) => ({
        id: `${parsed.streamId}.${position}`,
        message: JSON.parse(fields[1]) as JSONRPCMessage,
      }));
      return { streamId: parsed.streamId, events };
    };
    return {
      storeEvent: async (streamId, message) => {
        if (!STREAM_ID.test(streamId)) throw new Error('unexpected SSE stream id');
        const position = await this.redis.smcpStoreEvent(
          keys.stream(streamId),
          keys.index,
          keys.channel(streamId),
          String(maxEventsPerStream),
          JSON.stringify(message),
          String(ttlMs),
          streamId,
        );
        return `${streamId}.${position}`;
      },
      getStreamIdForEventId: async (eventId) => {
        const parsed = valid(eventId);
        if (!parsed) return undefined;
        return (await this.redis.exists(keys.stream(parsed.streamId))) ? parsed.streamId : undefined;
      },
      replayEventsAfter: replayWith(eventsAfter),
      eventsAfter,
    };
  }

  async dropSession(sessionId: string): Promise<void> {
    const keys = eventKeys(this.prefix, sessionId);
    const streams = await this.redis.smembers(keys.index);
    await this.redis.del(keys.index, ...streams);
  }

  /** The connection belongs to the store of the listener, which closes it. */
  async close(): Promise<void> {}
}
