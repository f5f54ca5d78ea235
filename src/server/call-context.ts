import type { Principal, Progress, ToolContext } from '../context';
import type { Logger } from '../logging/logger';

/** The `ctx` given to `execute`. The child logger is created only if the tool uses it (hot path). */
export class CallContext implements ToolContext {
  private childLogger?: Logger;

  constructor(
    readonly toolName: string,
    readonly signal: AbortSignal,
    readonly principal: Principal,
    readonly sessionId: string,
    readonly requestId: string,
    readonly auditId: string,
    private readonly serverLogger: Logger,
    private readonly progress: ((p: Progress) => Promise<void>) | undefined,
  ) {}

  get logger(): Logger {
    return (this.childLogger ??= this.serverLogger.child({
      tool: this.toolName,
      requestId: this.requestId,
      auditId: this.auditId,
    }));
  }

  async reportProgress(progress: Progress): Promise<void> {
    if (this.progress && !this.signal.aborted) await this.progress(progress);
  }
}
