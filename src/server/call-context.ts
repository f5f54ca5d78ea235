import type { Principal, Progress, ToolContext } from '../context';
import type {
  ClientFeatures,
  ClientLog,
  ClientRoot,
  ElicitOptions,
  ElicitResult,
  SamplingRequest,
  SamplingResult,
} from '../client-context';
import type { Logger } from '../logging/logger';
import { NO_CLIENT } from './client/client-features';

/**
 * The `ctx` given to `execute`. What most tools never touch is created on first use (hot path): the child
 * logger, and the AbortController behind `signal`, which follows the client's cancellation and the timeout.
 */
export class CallContext implements ToolContext {
  private childLogger?: Logger;
  private controller?: AbortController;
  private aborted = false;
  private abortReason?: unknown;
  private features?: ClientFeatures;

  constructor(
    readonly toolName: string,
    /** The SDK's per-request signal: aborted by the client's `notifications/cancelled`. */
    readonly clientSignal: AbortSignal,
    readonly principal: Principal,
    readonly sessionId: string,
    readonly requestId: string,
    readonly auditId: string,
    private readonly serverLogger: Logger,
    private readonly progress: ((p: Progress) => Promise<void>) | undefined,
    /** Builds `log`, `elicit`, `sample` and `roots` for this call, on first use. */
    private readonly clientFeatures?: (ctx: CallContext) => ClientFeatures,
  ) {}

  /** The name server→client requests and client log messages are attributed to. */
  get name(): string {
    return this.toolName;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = (this.controller = new AbortController());
      if (this.aborted) controller.abort(this.abortReason);
      else if (this.clientSignal.aborted) controller.abort(this.clientSignal.reason);
      else
        this.clientSignal.addEventListener('abort', () => controller.abort(this.clientSignal.reason), {
          once: true,
        });
    }
    return this.controller.signal;
  }

  /** Aborts `signal` (timeout); later reads of `signal` see it aborted too. */
  abort(reason: unknown): void {
    if (!this.aborted) {
      this.aborted = true;
      this.abortReason = reason;
    }
    this.controller?.abort(reason);
  }

  /**
   * Throws what `signal.throwIfAborted()` would, without building `signal` while the call runs on: services
   * bound to the call (SafeFs) check this between steps, and most calls never need a real signal.
   */
  throwIfAborted(): void {
    if (this.controller || this.aborted) this.signal.throwIfAborted();
    else this.clientSignal.throwIfAborted();
  }

  get logger(): Logger {
    return (this.childLogger ??= this.serverLogger.child({
      tool: this.toolName,
      requestId: this.requestId,
      auditId: this.auditId,
    }));
  }

  async reportProgress(progress: Progress): Promise<void> {
    if (this.progress && !this.clientSignal.aborted) await this.progress(progress);
  }

  private get client(): ClientFeatures {
    return (this.features ??= this.clientFeatures?.(this) ?? NO_CLIENT);
  }

  get log(): ClientLog {
    return this.client.log;
  }

  elicit<T extends object>(
    dto: new () => T,
    message: string,
    options?: ElicitOptions,
  ): Promise<ElicitResult<T>> {
    return this.client.elicit(dto, message, options);
  }

  sample(request: SamplingRequest): Promise<SamplingResult> {
    return this.client.sample(request);
  }

  roots(): Promise<ClientRoot[]> {
    return this.client.roots();
  }

  clientSupports(capability: 'elicitation' | 'sampling' | 'roots'): boolean {
    return this.client.clientSupports(capability);
  }
}
