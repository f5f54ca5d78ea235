import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JSONRPCMessage } from '../sdk-lines/mcp-types';
import { decodePublishedEvent, eventKeys } from './events/redis-event-store';
import type { SessionEventReader, StoredEvent } from './events/event-store';
import type { ReplicaBus } from './replicas/replica-bus';
import { standaloneClaim } from './replicas/standalone-stream';
import { SERVER_ERROR, sendError } from './respond';

const STANDALONE_STREAM = '_GET_stream';

/**
 * A `GET` with `Last-Event-ID` when replicas share Redis: replays the stream's stored events, then follows
 * the events other replicas store on it (pub/sub), until the stream's response has been sent. The replica
 * that runs the request may be another one, or gone: whatever it stored is replayed.
 */
export async function serveResume(
  req: IncomingMessage,
  res: ServerResponse,
  options: {
    lastEventId: string;
    sessionId: string;
    reader: SessionEventReader;
    bus: ReplicaBus;
    prefix: string;
    keepAliveMs: number;
    /** Publishes a standalone stream's claim: an older standalone stream of the session ends. */
    claim?: (claim: string) => Promise<void>;
  },
): Promise<void> {
  if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
    return sendError(res, 406, SERVER_ERROR, 'Not Acceptable: Client must accept text/event-stream');
  }
  const parsedStream = options.lastEventId.slice(0, Math.max(0, options.lastEventId.lastIndexOf('.')));
  // Subscribe before reading, so nothing stored between the read and the subscription is missed.
  const sink: { live: StoredEvent[]; write?: (event: StoredEvent) => void; end?: () => void } = { live: [] };
  const channel = eventKeys(options.prefix, options.sessionId).channel(parsedStream);
  const claim = parsedStream === STANDALONE_STREAM ? standaloneClaim() : undefined;
  const unsubscribe = await options.bus.subscribe(channel, (payload) => {
    const superseded = claim?.superseded(payload);
    if (superseded !== undefined) return superseded ? sink.end?.() : undefined;
    const event = decodePublishedEvent(payload);
    if (event) (sink.write ?? ((e: StoredEvent) => sink.live.push(e)))(event);
  });
  let stored: Awaited<ReturnType<SessionEventReader['eventsAfter']>>;
  try {
    stored = await options.reader.eventsAfter(options.lastEventId);
  } catch (error) {
    unsubscribe();
    throw error;
  }
  if (!stored || stored.streamId !== parsedStream) {
    unsubscribe();
    return sendError(res, 400, SERVER_ERROR, 'Bad Request: unknown or expired Last-Event-ID');
  }

  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
    'mcp-session-id': options.sessionId,
  });
  res.flushHeaders(); // the client sees the stream open even before its first event
  const seen = new Set<string>();
  let ended = false;
  const keepAlive = setInterval(() => res.write(': keepalive\n\n'), options.keepAliveMs);
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(keepAlive);
    unsubscribe();
    res.end();
  };
  res.on('close', end);
  sink.end = end;
  if (claim) await options.claim?.(claim.claim);
  const write = (event: StoredEvent) => {
    // Priming events (`{}`, published when a stream opens) carry no message.
    if (ended || seen.has(event.id) || (event.message as { jsonrpc?: unknown }).jsonrpc === undefined) return;
    seen.add(event.id);
    res.write(`event: message\nid: ${event.id}\ndata: ${JSON.stringify(event.message)}\n\n`);
    // A request stream ends with its response; the standalone stream lasts until the client leaves.
    if (stored?.streamId !== STANDALONE_STREAM && isResponse(event.message)) end();
  };
  for (const event of [...stored.events, ...sink.live]) write(event);
  sink.write = write;
}

function isResponse(message: JSONRPCMessage): boolean {
  const m = message as { id?: unknown; method?: unknown };
  return m.id !== undefined && m.method === undefined;
}
