import type { EventStore } from '../../sdk-lines/mcp-types';
import type { JSONRPCMessage } from '../../sdk-lines/mcp-types';

export type { EventStore };

/** One stored SSE event: its id and message (`{}` for a priming event, which carries only an id). */
export interface StoredEvent {
  id: string;
  message: JSONRPCMessage;
}

/**
 * Where the SSE events of every session are kept for replay after `Last-Event-ID`. Each session gets its
 * own view (`forSession`), so an event id from one session never replays another session's events: the SDK
 * names its standalone stream `_GET_stream` in every session.
 */
export interface SessionEventStores {
  /** The SDK `EventStore` of one session. */
  forSession(sessionId: string): EventStore & SessionEventReader;
  /** Drops everything stored for a session (called when it ends). */
  dropSession(sessionId: string): Promise<void>;
  close(): Promise<void>;
}

/** Reads a session's events directly, for a resume served by a replica that does not hold the stream. */
export interface SessionEventReader {
  /** The events after `lastEventId` on its stream, or undefined when the id is unknown or expired. */
  eventsAfter(lastEventId: string): Promise<{ streamId: string; events: StoredEvent[] } | undefined>;
}

/**
 * The SDK's `replayEventsAfter`, written once for every store over its {@link SessionEventReader}: sends the
 * events after `lastEventId` in order and names their stream; an unknown or expired id is an error.
 */
export function replayWith(eventsAfter: SessionEventReader['eventsAfter']): EventStore['replayEventsAfter'] {
  return async (lastEventId, { send }) => {
    const found = await eventsAfter(lastEventId);
    if (!found) throw new Error('unknown or expired event id');
    for (const event of found.events) await send(event.id, event.message);
    return found.streamId;
  };
}

/** Bounds of an event store: what keeps replay memory from growing with the length of a session. */
export interface EventStoreLimits {
  /** Most events kept per stream (oldest dropped first). */
  maxEventsPerStream: number;
  /** How long an event stays replayable, in ms. */
  ttlMs: number;
}

export const DEFAULT_EVENT_LIMITS: EventStoreLimits = { maxEventsPerStream: 200, ttlMs: 5 * 60_000 };

/** Event ids are `<streamId>.<position>`: the stream is found from the id alone, as the SDK asks. */
export function parseEventId(eventId: string): { streamId: string; position: string } | undefined {
  const dot = eventId.lastIndexOf('.');
  if (dot <= 0 || dot === eventId.length - 1) return undefined;
  return { streamId: eventId.slice(0, dot), position: eventId.slice(dot + 1) };
}
