import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { JSONRPCMessage } from '../../sdk-lines/mcp-types';
import type { SessionEventStores } from '../events/event-store';
import { decodePublishedEvent, eventKeys } from '../events/redis-event-store';
import type { ReplicaBus } from './replica-bus';

/** The SDK's name for a session's standalone (`GET`) SSE stream, in every session. */
export const STANDALONE_STREAM = '_GET_stream';

/**
 * A standalone stream, when it opens (fresh or resumed), claims the session's channel: any older stream of the
 * session, on any replica, ends, so that no message is written to two streams (the client, reconnecting
 * after a blip through the balancer, may reach another replica while the old connection still looks open).
 * Returns the claim to publish and a test for the claims heard: true when a newer one means "end yours".
 */
export function standaloneClaim(): { claim: string; superseded(payload: string): boolean | undefined } {
  const mine = { at: Date.now(), id: randomUUID() };
  const claim = `${CLAIM}${mine.at}:${mine.id}`;
  return {
    claim,
    superseded(payload) {
      if (!payload.startsWith(CLAIM)) return undefined; // not a claim: an event
      const [at, id] = payload.slice(CLAIM.length).split(':');
      return payload !== claim && (Number(at) > mine.at || (Number(at) === mine.at && id > mine.id));
    },
  };
}

const CLAIM = 'claim:';

/**
 * A session's standalone SSE stream when replicas share Redis. Whichever replica's SDK server sends a
 * message meant for it (a `list_changed`, a `resources/updated`, a server→client request outside any
 * call), the message is stored once in the event store and published on the stream's channel (or only
 * published when resumability is off); the replica holding the client's `GET` writes what it hears. So one
 * path, one event id per message, whatever replica produced it or holds the stream.
 */
export class StandaloneStreams {
  /** Open `GET` streams on this replica, by session (one per session, as the SDK allows). */
  private readonly open = new Map<string, () => void>();

  constructor(
    private readonly bus: ReplicaBus,
    private readonly prefix: string,
    private readonly events: SessionEventStores | undefined,
  ) {}

  private channel(sessionId: string): string {
    return eventKeys(this.prefix, sessionId).channel(STANDALONE_STREAM);
  }

  /** Sends a message (already through the outgoing door) to the session's standalone stream, wherever it is. */
  async send(sessionId: string, message: JSONRPCMessage): Promise<void> {
    // The Redis event store publishes what it stores; without one, publish without an id.
    if (this.events) await this.events.forSession(sessionId).storeEvent(STANDALONE_STREAM, message);
    else await this.bus.publish(this.channel(sessionId), `\n${JSON.stringify(message)}`);
  }

  /** Publishes a stream's claim on the session's channel (see {@link standaloneClaim}). */
  async claim(sessionId: string, claim: string): Promise<void> {
    await this.bus.publish(this.channel(sessionId), claim);
  }

  /**
   * Serves a `GET` without `Last-Event-ID`: headers, a priming event when the session's protocol version
   * resumes streams, then every message published for the stream until the client leaves, the session
   * closes here, or a newer standalone stream of the session opens.
   */
  async serve(
    res: ServerResponse,
    sessionId: string,
    options: { keepAliveMs: number; retryMs?: number; prime: boolean },
  ): Promise<void> {
    let ended = false;
    const pending: string[] = [];
    let ready = false;
    const write = (chunk: string) => {
      if (ended) return;
      if (ready) res.write(chunk);
      else pending.push(chunk);
    };
    const claim = standaloneClaim();
    // Subscribed before the headers go out: nothing published after the client sees the stream is missed.
    const unsubscribe = await this.bus.subscribe(this.channel(sessionId), (payload) => {
      const superseded = claim.superseded(payload);
      if (superseded !== undefined) return superseded ? end() : undefined;
      const event = decodePublishedEvent(payload);
      // Priming events (`{}`) are written by the replica that opens the stream, never followed.
      if (!event || (event.message as { jsonrpc?: unknown }).jsonrpc === undefined) return;
      write(
        `event: message\n${event.id ? `id: ${event.id}\n` : ''}data: ${JSON.stringify(event.message)}\n\n`,
      );
    });
    const keepAlive = setInterval(() => write(': keepalive\n\n'), options.keepAliveMs);
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(keepAlive);
      unsubscribe();
      if (this.open.get(sessionId) === end) this.open.delete(sessionId);
      res.end();
    };
    this.open.set(sessionId, end);
    res.on('close', end);
    await this.claim(sessionId, claim.claim);
    try {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
        'mcp-session-id': sessionId,
      });
      res.flushHeaders(); // the client sees the stream open even before its first event
      if (options.prime && this.events) {
        const id = await this.events
          .forSession(sessionId)
          .storeEvent(STANDALONE_STREAM, {} as JSONRPCMessage);
        const retry = options.retryMs === undefined ? '' : `retry: ${options.retryMs}\n`;
        if (!ended) res.write(`id: ${id}\n${retry}data: \n\n`);
      }
    } catch (error) {
      end();
      throw error;
    }
    ready = true;
    for (const chunk of pending.splice(0)) if (!ended) res.write(chunk);
  }

  /** Ends the session's stream on this replica (the session closed here, or ended everywhere). */
  close(sessionId: string): void {
    this.open.get(sessionId)?.();
  }
}
