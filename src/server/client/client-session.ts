import type { ClientCapabilities } from '../sdk-lines/mcp-types';
import type { ClientRoot, LogLevel } from '../../client-context';

/**
 * What one connection knows about its client: the log level it set and its roots. Created per connection
 * (one SDK `Server` each) and dropped with it, so no client state outlives its session.
 */
export class ClientSession {
  /** Set by `logging/setLevel`; until then no `notifications/message` is sent. */
  logLevel?: LogLevel;
  private rootsGeneration = 0;
  private rootsAnswer?: Promise<ClientRoot[]>;

  constructor(private readonly readCapabilities: () => ClientCapabilities | undefined) {}

  get capabilities(): ClientCapabilities {
    return this.readCapabilities() ?? {};
  }

  /** Whether the client can answer the requests the server sends (form elicitation: URL-only clients cannot). */
  supports(capability: 'elicitation' | 'sampling' | 'roots'): boolean {
    const capabilities = this.capabilities;
    if (capability === 'elicitation') return !!capabilities.elicitation?.form;
    return !!capabilities[capability];
  }

  /**
   * The client's roots: fetched with `fetch` on first need and kept until the client says they changed.
   * A failed fetch is not kept, so the next request asks again.
   */
  roots(fetch: () => Promise<ClientRoot[]>): Promise<ClientRoot[]> {
    if (!this.rootsAnswer) {
      const generation = this.rootsGeneration;
      const answer = fetch();
      this.rootsAnswer = answer;
      answer.catch(() => {
        if (this.rootsGeneration === generation) this.rootsAnswer = undefined;
      });
    }
    return this.rootsAnswer;
  }

  /** `notifications/roots/list_changed`: the next request that needs the roots asks the client again. */
  rootsChanged(): void {
    this.rootsGeneration++;
    this.rootsAnswer = undefined;
  }
}
