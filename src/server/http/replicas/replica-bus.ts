import type { Redis } from 'ioredis';
import type { JSONRPCMessage } from '../../sdk-lines/mcp-types';

type Listener = (payload: string) => void;

/**
 * Redis pub/sub between replicas, on one subscriber connection: each replica listens on its own channel
 * for client messages meant for sessions it runs (answers to its server→client requests), and on the
 * event channels of streams it serves after a resume.
 */
export class ReplicaBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
    readonly replicaId: string,
  ) {
    subscriber.on('message', (channel: string, payload: string) => {
      for (const listener of this.listeners.get(channel) ?? []) listener(payload);
    });
  }

  private replicaChannel(replica: string) {
    return `${this.prefix}r:${replica}`;
  }

  /** Receives the messages other replicas route to this one. */
  async listen(deliver: (sessionId: string, message: JSONRPCMessage) => void): Promise<void> {
    await this.subscribe(this.replicaChannel(this.replicaId), (payload) => {
      const nl = payload.indexOf('\n');
      try {
        deliver(payload.slice(0, nl), JSON.parse(payload.slice(nl + 1)) as JSONRPCMessage);
      } catch {
        // not ours to fail on: a malformed payload is dropped
      }
    });
  }

  /** Hears of sessions ended (DELETE) on any replica, so that every replica closes its copy. */
  async onEnded(close: (sessionId: string) => void): Promise<void> {
    await this.subscribe(`${this.prefix}ended`, close);
  }

  async announceEnded(sessionId: string): Promise<void> {
    await this.publisher.publish(`${this.prefix}ended`, sessionId);
  }

  /** Hears of session-shaping requests (`logging/setLevel`...) made on other replicas. */
  async onState(
    apply: (sessionId: string, method: string, params: Record<string, unknown>) => void,
  ): Promise<void> {
    await this.subscribe(`${this.prefix}state`, (payload) => {
      try {
        const { sessionId, method, params, from } = JSON.parse(payload) as {
          sessionId: string;
          method: string;
          params: Record<string, unknown>;
          from: string;
        };
        if (from !== this.replicaId) apply(sessionId, method, params);
      } catch {
        // malformed: dropped
      }
    });
  }

  async announceState(sessionId: string, method: string, params: Record<string, unknown>): Promise<void> {
    const payload = JSON.stringify({ sessionId, method, params, from: this.replicaId });
    await this.publisher.publish(`${this.prefix}state`, payload);
  }

  /** Sends a client message to the replica that runs its session's request. */
  async route(replica: string, sessionId: string, message: JSONRPCMessage): Promise<void> {
    await this.publisher.publish(this.replicaChannel(replica), `${sessionId}\n${JSON.stringify(message)}`);
  }

  async publish(channel: string, payload: string): Promise<void> {
    await this.publisher.publish(channel, payload);
  }

  /** Subscribes to a channel; the returned function unsubscribes (the last listener leaves the channel). */
  async subscribe(channel: string, listener: Listener): Promise<() => void> {
    let set = this.listeners.get(channel);
    if (!set) {
      this.listeners.set(channel, (set = new Set()));
      await this.subscriber.subscribe(channel);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        void this.subscriber.unsubscribe(channel).catch(() => {});
      }
    };
  }
}
