import type { LineHttpTransport as StreamableHTTPServerTransport } from '../sdk-lines/types';

interface Session {
  transport: StreamableHTTPServerTransport;
  /** The principal the session was opened by; only that principal may use it. */
  owner: string;
  /** `now()` of the last request: idle sessions are closed. */
  lastUsed: number;
  /** Order of last use (a counter: two requests in the same millisecond still have an order). */
  useOrder: number;
}

/** Open MCP sessions by id, each bound to the principal that initialized it. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private uses = 0;

  /** `now`: the current time in ms (`HttpOptions.clock`; tests move it instead of waiting). */
  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.sessions.size;
  }

  add(id: string, transport: StreamableHTTPServerTransport, owner: string): void {
    this.sessions.set(id, { transport, owner, lastUsed: this.now(), useOrder: ++this.uses });
  }

  delete(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }

  /**
   * The transport of a session, only for its owner. A session id presented by anyone else is treated exactly
   * like an unknown one (so probing does not reveal which ids exist); `foreign` lets the caller log it.
   */
  lookup(id: string, owner: string): { transport?: StreamableHTTPServerTransport; foreign: boolean } {
    const session = this.sessions.get(id);
    if (!session) return { foreign: false };
    if (session.owner !== owner) return { foreign: true };
    session.lastUsed = this.now();
    session.useOrder = ++this.uses;
    return { transport: session.transport, foreign: false };
  }

  countFor(owner: string): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.owner === owner) n++;
    return n;
  }

  /**
   * Closes the owner's least recently used session. Clients often drop sessions without a DELETE; evicting
   * the owner's own oldest one keeps memory bounded without ever locking the principal out.
   */
  async evictOldest(owner: string): Promise<void> {
    let oldest: [string, Session] | undefined;
    for (const entry of this.sessions) {
      if (entry[1].owner === owner && (!oldest || entry[1].useOrder < oldest[1].useOrder)) oldest = entry;
    }
    if (oldest) await this.closeOne(oldest[0], oldest[1]);
  }

  /** Closes sessions without a request for `idleMs`. */
  async closeIdle(idleMs: number): Promise<number> {
    const cutoff = this.now() - idleMs;
    const idle = [...this.sessions].filter(([, s]) => s.lastUsed < cutoff);
    await Promise.allSettled(idle.map(([id, s]) => this.closeOne(id, s)));
    return idle.length;
  }

  async closeAll(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(open.map((s) => s.transport.close()));
  }

  private async closeOne(id: string, session: Session): Promise<void> {
    this.sessions.delete(id);
    await session.transport.close();
  }
}
