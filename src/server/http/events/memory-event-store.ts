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

interface Stream {
  events: Array<{ seq: number; message: JSONRPCMessage; at: number }>;
  nextSeq: number;
  lastAt: number;
}

/**
 * SSE events in process memory, for one replica. Bounded: at most `maxEventsPerStream` per stream, and a
 * stream silent for `ttlMs` is dropped (checked on each store, oldest streams first: streams are kept in
 * order of last activity, so the check stops at the first live one).
 */
export class MemoryEventStores implements SessionEventStores {
  private readonly sessions = new Map<string, Map<string, Stream>>();

  constructor(
    private readonly limits: EventStoreLimits = DEFAULT_EVENT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  forSession(sessionId: string): EventStore & SessionEventReader {
    const streams = (): Map<string, Stream> => {
      let map = this.sessions.get(sessionId);
      if (!map) this.sessions.set(sessionId, (map = new Map()));
      return map;
    };
    const find = (eventId: string) => {
      const parsed = parseEventId(eventId);
      const stream = parsed && this.sessions.get(sessionId)?.get(parsed.streamId);
      if (!parsed || !stream || this.expired(stream)) return undefined;
      return { streamId: parsed.streamId, stream, seq: Number(parsed.position) };
    };
    const eventsAfter = async (eventId: string) => {
      const found = find(eventId);
      if (!found || !Number.isSafeInteger(found.seq)) return undefined;
      const events: StoredEvent[] = found.stream.events
        .filter((e) => e.seq > found.seq)
        .map((e) => ({ id: `${found.streamId}.${e.seq}`, message: e.message }));
      return { streamId: found.streamId, events };
    };
    return {
      storeEvent: async (streamId, message) => {
        const map = streams();
        this.sweep(map);
        let stream = map.get(streamId);
        if (stream) map.delete(streamId); // re-inserted last: the map stays in order of activity
        stream ??= { events: [], nextSeq: 1, lastAt: 0 };
        const seq = stream.nextSeq++;
        stream.lastAt = this.now();
        stream.events.push({ seq, message, at: stream.lastAt });
        if (stream.events.length > this.limits.maxEventsPerStream) stream.events.shift();
        map.set(streamId, stream);
        return `${streamId}.${seq}`;
      },
      getStreamIdForEventId: async (eventId) => find(eventId)?.streamId,
      replayEventsAfter: replayWith(eventsAfter),
      eventsAfter,
    };
  }

  async dropSession(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
  }

  async close(): Promise<void> {
    this.sessions.clear();
  }

  /** Streams held, over all sessions (for tests of the bounds). */
  get streamCount(): number {
    let n = 0;
    for (const map of this.sessions.values()) n += map.size;
    return n;
  }

  private expired(stream: Stream): boolean {
    return this.now() - stream.lastAt > this.limits.ttlMs;
  }

  private sweep(map: Map<string, Stream>): void {
    for (const [id, stream] of map) {
      if (!this.expired(stream)) break;
      map.delete(id);
    }
  }
}
