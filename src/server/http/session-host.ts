import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JSONRPCMessage, Transport } from '../sdk-lines/mcp-types';
import type {
  LineHttp,
  LineHttpTransport as StreamableHTTPServerTransport,
  SdkLine,
} from '../sdk-lines/types';
import type { SessionEventStores } from './events/event-store';
import type { ReplicaBus } from './replicas/replica-bus';
import { SessionTransport } from './replicas/session-transport';
import type { SharedSessions } from './replicas/shared-sessions';
import { StandaloneStreams } from './replicas/standalone-stream';
import { SERVER_ERROR, sendError } from './respond';
import { serveResume } from './resume-stream';
import type { SessionRegistry } from './sessions';

/** The first protocol version whose clients accept priming events and resume request streams. */
const RESUMABLE_SINCE = '2025-11-25';

/** The session caps of a listener. */
export interface SessionLimits {
  maxSessions: number;
  maxSessionsPerPrincipal: number;
}

/** Sessions in Redis, shared by the replicas of one deployment. */
export interface SharedStore {
  sessions: SharedSessions;
  bus: ReplicaBus;
  prefix: string;
}

export interface SessionHostOptions {
  registry: SessionRegistry;
  connect(transport: Transport): Promise<void>;
  /** The SDK line's Streamable HTTP transport. */
  http: LineHttp;
  protocolVersions: SdkLine['protocolVersions'];
  /** Event store for resumability; undefined turns it off. */
  events?: SessionEventStores;
  /** `retry:` hint (ms) sent with each stream's first event. */
  retryMs?: number;
  /** Close a POST's SSE stream still waiting for its response after this long; the client resumes. */
  pollAfterMs?: number;
  sseKeepAliveMs: number;
  shared?: SharedStore;
  /** The server's outgoing door (secret scrubbing), for the messages the host sends itself. */
  guardOutgoing?: (transport: Transport) => Transport;
  /** Registers what runs on `server.notifyResourceUpdated(uri)`, besides its local subscribers. */
  onResourceUpdated?: (listener: (uri: string) => Promise<void>) => void;
}

/**
 * Opens, rebuilds and ends sessions: one SDK transport and server per session, with its event store, and,
 * with a shared store, its record in Redis and its routing between replicas.
 */
export class SessionHost {
  private readonly versions = new Map<string, string>();
  private readonly wrappers = new Map<string, SessionTransport>();
  private readonly rebuilding = new Map<string, Promise<void>>();
  /** Sessions counted in Redis whose `initialize` has not been accepted yet, with their owner. */
  private readonly unconfirmed = new Map<string, string>();
  /** Standalone `GET` streams, followed through Redis (shared store only). */
  private readonly standalone?: StandaloneStreams;

  constructor(private readonly o: SessionHostOptions) {
    if (o.shared) this.standalone = new StandaloneStreams(o.shared.bus, o.shared.prefix, o.events);
  }

  get shared(): SharedStore | undefined {
    return this.o.shared;
  }

  /** Starts listening for messages routed here by other replicas. */
  async start(): Promise<void> {
    await this.o.shared?.bus.listen((sessionId, message) => this.wrappers.get(sessionId)?.deliver(message));
    await this.o.shared?.bus.onEnded((sessionId) => void this.wrappers.get(sessionId)?.close());
    await this.o.shared?.bus.onState(
      (sessionId, method, params) => void this.wrappers.get(sessionId)?.apply(method, params),
    );
    if (this.o.shared) this.o.onResourceUpdated?.((uri) => this.resourceUpdated(uri));
  }

  /**
   * `notifications/resources/updated` for every session subscribed to `uri` on any replica, through the
   * outgoing door, to the session's standalone stream wherever it is held (and stored for replay).
   */
  private async resourceUpdated(uri: string): Promise<void> {
    const shared = this.o.shared!;
    const standalone = this.standalone!;
    const guard = this.o.guardOutgoing ?? ((t: Transport) => t);
    const message = { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri } };
    const sessions = await shared.sessions.subscribers(uri);
    const sends = sessions.map((id) =>
      guard({
        start: async () => {},
        close: async () => {},
        send: (m: JSONRPCMessage) => standalone.send(id, m),
      }).send(message as JSONRPCMessage),
    );
    await Promise.allSettled(sends);
  }

  /**
   * A new session for an `initialize` request. When the owner has `maxSessionsPerPrincipal` open, its least
   * recently used one is ended first (`evicted`); no transport when `maxSessions` are open. Both caps count
   * this replica's sessions, or with a shared store those of all replicas together (in Redis, so the caps
   * hold behind a balancer).
   */
  async open(
    owner: string,
    initialize: { params: Record<string, unknown> },
    limits: SessionLimits,
  ): Promise<{ transport?: StreamableHTTPServerTransport; evicted: number }> {
    const id = randomUUID();
    const shared = this.o.shared;
    let evicted = 0;
    if (!shared) {
      if (this.o.registry.countFor(owner) >= limits.maxSessionsPerPrincipal) {
        evicted = 1;
        await this.o.registry.evictOldest(owner);
      }
      if (this.o.registry.size >= limits.maxSessions) return { evicted };
    } else {
      const oldest = await shared.sessions.admit(id, owner, limits.maxSessionsPerPrincipal);
      evicted = oldest.length;
      await Promise.all(oldest.map((old) => this.evict(old)));
      if (!(await shared.sessions.reserve(id, limits.maxSessions))) {
        await shared.sessions.release(id, owner);
        return { evicted };
      }
      // Counted until initialized; a refused initialize closes the transport and gives its places back.
      this.unconfirmed.set(id, owner);
    }
    const transport = this.transport(id, owner, async () => {
      this.unconfirmed.delete(id);
      await shared?.sessions.save(id, { owner, initialize: initialize.params, state: {} });
    });
    this.versions.set(id, this.negotiated(initialize.params.protocolVersion));
    await this.o.connect(this.wrap(transport, id));
    return { transport, evicted };
  }

  /** Ends a session evicted by its principal's cap, on whatever replica holds it. */
  private async evict(id: string): Promise<void> {
    await this.ended(id); // its keys deleted, every replica told to close its copy
    await this.wrappers.get(id)?.close(); // and this replica's at once
  }

  /**
   * Rebuilds a session this replica has never seen from its record in Redis. Refused (`foreign`) when
   * another principal presents the id: the binding to the principal holds on every replica.
   */
  async restore(
    id: string,
    owner: string,
  ): Promise<{ transport?: StreamableHTTPServerTransport; foreign: boolean }> {
    const shared = this.o.shared;
    if (!shared) return { foreign: false };
    const record = await shared.sessions.load(id);
    if (!record) return { foreign: false };
    if (record.owner !== owner) return { foreign: true };
    const again = this.o.registry.lookup(id, owner); // another request may have rebuilt it meanwhile
    if (again.transport || again.foreign) {
      await this.rebuilding.get(id); // not served before its replayed initialize is done
      return again;
    }
    const transport = this.transport(id, owner);
    this.o.http.adoptSession(transport, id);
    this.o.registry.add(id, transport, owner);
    this.versions.set(id, this.negotiated(record.initialize.protocolVersion));
    const wrapper = this.wrap(transport, id) as SessionTransport;
    const rebuilt = this.o.connect(wrapper).then(() => wrapper.restore(record));
    this.rebuilding.set(id, rebuilt);
    try {
      await rebuilt;
    } finally {
      this.rebuilding.delete(id);
    }
    return { transport, foreign: false };
  }

  /** Resolves once a session being rebuilt by a concurrent request is ready (at once otherwise). */
  async rebuilt(id: string): Promise<void> {
    await this.rebuilding.get(id);
  }

  /** Marks a request as used (renews the session's keys in Redis). */
  touch(id: string): void {
    this.o.shared?.sessions.touch(id);
  }

  /**
   * The session's negotiated protocol version decides what its streams may carry (priming events, resume),
   * whatever version header a request repeats.
   */
  alignProtocolHeader(req: IncomingMessage, id: string): void {
    const version = this.versions.get(id);
    const header = req.headers['mcp-protocol-version'];
    if (version && typeof header === 'string' && this.o.protocolVersions.supported.includes(header)) {
      req.headers['mcp-protocol-version'] = version;
      // The SDK's request adapter reads the raw header list.
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        if (req.rawHeaders[i].toLowerCase() === 'mcp-protocol-version') req.rawHeaders[i + 1] = version;
      }
    }
  }

  /**
   * A POST carrying only the client's answers to server→client requests: each answer goes to the replica
   * that asked (pub/sub). True when all were routed elsewhere (the caller answers 202).
   */
  async routeAnswers(id: string, body: unknown): Promise<boolean> {
    const shared = this.o.shared;
    const messages = Array.isArray(body) ? body : [body];
    if (!shared || !messages.every(isAnswer)) return false;
    const owners = await Promise.all(
      messages.map((m) => shared.sessions.pendingOwner(id, String((m as { id: unknown }).id))),
    );
    if (owners.some((o) => o === undefined || o === shared.bus.replicaId)) return false;
    await Promise.all(messages.map((m, i) => shared.bus.route(owners[i]!, id, m as JSONRPCMessage)));
    return true;
  }

  /**
   * A `GET` when replicas share Redis (undefined otherwise: the SDK serves it). With `Last-Event-ID`, the
   * stored events are replayed and the stream followed; without, the session's standalone stream is served
   * here, carrying what any replica sends to it.
   */
  serveGet(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> | undefined {
    const lastEventId = req.headers['last-event-id'];
    const shared = this.o.shared;
    if (!shared || !this.standalone) return undefined;
    if (typeof lastEventId === 'string' && this.o.events) {
      return serveResume(req, res, {
        lastEventId,
        sessionId: id,
        reader: this.o.events.forSession(id),
        bus: shared.bus,
        prefix: shared.prefix,
        keepAliveMs: this.o.sseKeepAliveMs,
        claim: (claim) => this.standalone!.claim(id, claim),
      });
    }
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      return Promise.resolve(
        sendError(res, 406, SERVER_ERROR, 'Not Acceptable: Client must accept text/event-stream'),
      );
    }
    const header = req.headers['mcp-protocol-version'];
    if (typeof header === 'string' && !this.o.protocolVersions.supported.includes(header)) {
      return Promise.resolve(
        sendError(res, 400, SERVER_ERROR, `Bad Request: Unsupported protocol version: ${header}`),
      );
    }
    return this.standalone.serve(res, id, {
      keepAliveMs: this.o.sseKeepAliveMs,
      retryMs: this.o.events ? this.o.retryMs : undefined,
      prime: (this.versions.get(id) ?? '') >= RESUMABLE_SINCE,
    });
  }

  /**
   * Closes the SSE streams of the POST's requests still unanswered after `pollAfterMs` (SEP-1699 polling):
   * the client, told when to come back by the `retry` hint, resumes with `Last-Event-ID`.
   */
  pollLater(res: ServerResponse, id: string, transport: StreamableHTTPServerTransport, body: unknown): void {
    const after = this.o.pollAfterMs;
    if (after === undefined || !this.o.events || (this.versions.get(id) ?? '') < RESUMABLE_SINCE) return;
    const ids = (Array.isArray(body) ? body : [body])
      .filter((m) => typeof m === 'object' && m !== null && 'method' in m && 'id' in m)
      .map((m) => (m as { id: string | number }).id);
    if (ids.length === 0) return;
    let timer: NodeJS.Timeout;
    const arm = () => {
      timer = setTimeout(() => {
        // Not before the stream's first (priming) event is out: the client needs its id to come back.
        if (!res.headersSent) return arm();
        ids.forEach((rid) => transport.closeSSEStream(rid));
      }, after);
      timer.unref();
    };
    arm();
    res.once('close', () => clearTimeout(timer));
  }

  private transport(id: string, owner: string, saved?: () => Promise<void>): StreamableHTTPServerTransport {
    const transport: StreamableHTTPServerTransport = this.o.http.createTransport({
      sessionIdGenerator: () => id,
      onsessioninitialized: async () => {
        this.o.registry.add(id, transport, owner);
        await saved?.();
      },
      // A DELETE ends the session everywhere; a replica merely closing its copy leaves it to the others.
      onsessionclosed: () => this.ended(id),
      keepAliveMs: this.o.sseKeepAliveMs,
      eventStore: this.o.events?.forSession(id),
      retryInterval: this.o.events ? this.o.retryMs : undefined,
    });
    return transport;
  }

  private wrap(transport: StreamableHTTPServerTransport, id: string): Transport {
    const onclose = () => {
      this.o.registry.delete(id);
      this.versions.delete(id);
      this.wrappers.delete(id);
      this.o.shared?.sessions.forget(id);
      if (!this.o.shared) void this.o.events?.dropSession(id);
    };
    const shared = this.o.shared;
    if (!shared) {
      transport.onclose = onclose;
      return transport;
    }
    const standalone = this.standalone!;
    const wrapper = new SessionTransport(
      transport,
      id,
      shared.sessions,
      shared.bus.replicaId,
      (method, params) => shared.bus.announceState(id, method, params),
      (message) => standalone.send(id, message),
    );
    const inner = wrapper.onclose;
    wrapper.onclose = () => {
      standalone.close(id);
      const owner = this.unconfirmed.get(id);
      if (owner !== undefined) {
        this.unconfirmed.delete(id);
        void shared.sessions.release(id, owner).catch(() => {});
      }
      onclose();
      inner?.();
    };
    this.wrappers.set(id, wrapper);
    return wrapper;
  }

  private negotiated(requested: unknown): string {
    const { supported, latest } = this.o.protocolVersions;
    return typeof requested === 'string' && supported.includes(requested) ? requested : latest;
  }

  private async ended(id: string): Promise<void> {
    await Promise.allSettled([this.o.shared?.sessions.delete(id), this.o.events?.dropSession(id)]);
    await this.o.shared?.bus.announceEnded(id).catch(() => {});
  }
}

function isAnswer(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    'id' in message &&
    !('method' in message) &&
    ('result' in message || 'error' in message)
  );
}
