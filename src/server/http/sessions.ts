import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

interface Session {
  transport: StreamableHTTPServerTransport;
  /** The principal the session was opened by; only that principal may use it. */
  owner: string;
}

/** Open MCP sessions by id, each bound to the principal that initialized it. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();

  get size(): number {
    return this.sessions.size;
  }

  add(id: string, session: Session): void {
    this.sessions.set(id, session);
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
    return { transport: session.transport, foreign: false };
  }

  countFor(owner: string): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.owner === owner) n++;
    return n;
  }

  async closeAll(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(open.map((s) => s.transport.close()));
  }
}
