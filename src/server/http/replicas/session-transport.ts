import type {
  JSONRPCMessage,
  MessageExtraInfo,
  Transport,
  TransportSendOptions,
} from '../../sdk-lines/mcp-types';
import type { LineHttpTransport } from '../../sdk-lines/types';
import { SESSION_STATE_METHODS, type SessionRecord, type SharedSessions } from './shared-sessions';

/** Ids of the requests replayed to rebuild a session; their responses are not sent to anyone. */
const RESTORE_ID = 'secure-mcp-restore-';

type Message = JSONRPCMessage & { id?: string | number; method?: string; params?: Record<string, unknown> };

/**
 * The transport a session's SDK server sees when sessions are shared by replicas. It sits on the session's
 * HTTP transport and:
 * - records session-shaping client requests (`logging/setLevel`...) in Redis;
 * - gives each server→client request (elicitation, sampling, roots...) an id unique across replicas
 *   (`<replica>.<n>`; SDK servers on two replicas would both count from 0), records it as pending, and maps
 *   the client's answer back, whichever replica it reaches (`deliver`, fed by pub/sub);
 * - rebuilds a session on a replica that never saw it by replaying its `initialize` and recorded requests.
 */
export class SessionTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  private readonly outgoing = new Map<string, string | number>();
  private readonly restoring = new Map<string, () => void>();
  /** `resources/(un)subscribe` requests awaiting their answer, recorded in Redis once the server agrees. */
  private readonly subscribing = new Map<string | number, { subscribe: boolean; uri: string }>();
  private applied = 0;

  constructor(
    private readonly inner: LineHttpTransport,
    readonly sessionId: string,
    private readonly shared: SharedSessions,
    private readonly replicaId: string,
    /** Tells the other replicas holding this session about a session-shaping request. */
    private readonly announce: (method: string, params: Record<string, unknown>) => Promise<void>,
    /** Sends a message to the session's standalone stream, whichever replica holds it. */
    private readonly standalone: (message: JSONRPCMessage) => Promise<void>,
  ) {
    inner.onclose = () => this.onclose?.();
    inner.onerror = (error) => this.onerror?.(error);
    inner.onmessage = (message, extra) => this.receive(message as Message, extra);
  }

  async start(): Promise<void> {
    await this.inner.start();
  }

  async close(): Promise<void> {
    await this.inner.close();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const m = message as Message;
    if (
      m.id !== undefined &&
      m.method === undefined &&
      typeof m.id === 'string' &&
      m.id.startsWith(RESTORE_ID)
    ) {
      this.restoring.get(m.id)?.();
      return;
    }
    // Not part of any request's stream: for the standalone stream, which another replica may hold.
    const toStandalone = m.method !== undefined && options?.relatedRequestId === undefined;
    if (m.method === undefined && m.id !== undefined && this.subscribing.has(m.id)) {
      await this.recordSubscription(m);
    }
    // Resource updates reach subscribers through the fan-out over Redis (every replica's subscribers, once
    // each); this SDK server's own copy, for the subscriptions made here, would be a duplicate.
    if (m.method === 'notifications/resources/updated' && options?.relatedRequestId === undefined) return;
    if (m.id !== undefined && m.method !== undefined) {
      const id = `${this.replicaId}.${m.id}`;
      this.outgoing.set(id, m.id);
      await this.shared.addPending(this.sessionId, id, this.replicaId);
      const request = { ...m, id } as JSONRPCMessage;
      return toStandalone ? this.standalone(request) : this.inner.send(request, options);
    }
    return toStandalone ? this.standalone(message) : this.inner.send(message, options);
  }

  /** A client message routed here by another replica (the answer to one of this replica's requests). */
  deliver(message: JSONRPCMessage): void {
    this.receive(message as Message, undefined);
  }

  /** Replays a stored session into this (fresh) SDK server; resolves once it has processed all of it. */
  async restore(record: SessionRecord): Promise<void> {
    const requests: Array<{ method: string; params: Record<string, unknown> }> = [
      { method: 'initialize', params: record.initialize },
      ...Object.entries(record.state).map(([method, params]) => ({ method, params })),
    ];
    for (const request of requests) {
      await this.apply(request.method, request.params);
      if (request.method === 'initialize') {
        this.onmessage?.({ jsonrpc: '2.0', method: 'notifications/initialized' } as JSONRPCMessage);
      }
    }
  }

  /** Runs a client request in this SDK server without answering anyone (a replayed or announced one). */
  async apply(method: string, params: Record<string, unknown>): Promise<void> {
    const id = `${RESTORE_ID}${++this.applied}`;
    const answered = new Promise<void>((resolve) => this.restoring.set(id, resolve));
    this.onmessage?.({ jsonrpc: '2.0', id, method, params } as JSONRPCMessage);
    await answered;
    this.restoring.delete(id);
  }

  private receive(message: Message, extra: MessageExtraInfo | undefined): void {
    if (message.method === undefined && typeof message.id === 'string') {
      const original = this.outgoing.get(message.id);
      if (original === undefined) return; // not a request of ours (or already answered): dropped
      this.outgoing.delete(message.id);
      void this.shared.removePending(this.sessionId, message.id).catch(() => {});
      message = { ...message, id: original } as Message;
    } else if (message.method && message.id !== undefined && SESSION_STATE_METHODS.has(message.method)) {
      const params = message.params ?? {};
      void this.shared
        .saveState(this.sessionId, message.method, params)
        .then(() => this.announce(message.method!, params))
        .catch(() => {});
    } else if (
      message.id !== undefined &&
      (message.method === 'resources/subscribe' || message.method === 'resources/unsubscribe') &&
      typeof message.params?.uri === 'string'
    ) {
      this.subscribing.set(message.id, {
        subscribe: message.method === 'resources/subscribe',
        uri: message.params.uri,
      });
    }
    this.onmessage?.(message as JSONRPCMessage, extra);
  }

  /**
   * Records an accepted subscription (or its end) before the client hears the answer, so that a change
   * announced on any replica right after reaches it. A refused one (unknown resource, missing scope) is not.
   */
  private async recordSubscription(response: Message): Promise<void> {
    const request = this.subscribing.get(response.id!)!;
    this.subscribing.delete(response.id!);
    try {
      if (!request.subscribe) await this.shared.unsubscribe(this.sessionId, request.uri);
      else if ('result' in response) await this.shared.subscribe(this.sessionId, request.uri);
    } catch {
      // Redis unavailable: the answer still goes out; the subscription is not shared.
    }
  }
}
