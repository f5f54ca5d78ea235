/**
 * One AbortController for a whole SafeFetch call: it fires when the caller's signal aborts or when the
 * total time limit passes, and remembers which of the two it was so errors can say so.
 */
export class Deadline {
  readonly controller = new AbortController();
  private timedOut = false;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onCallerAbort: () => void;

  constructor(
    timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new Error('egress time limit reached'));
    }, timeoutMs);
    // A pending limit must not keep the process alive on its own.
    this.timer.unref?.();
    this.onCallerAbort = () => this.controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) this.onCallerAbort();
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** 'timeout', 'caller' or undefined when nothing aborted. */
  get reason(): 'timeout' | 'caller' | undefined {
    if (!this.controller.signal.aborted) return undefined;
    return this.timedOut ? 'timeout' : 'caller';
  }

  get callerReason(): unknown {
    return this.callerSignal?.reason;
  }

  /** Releases the timer and the listener; call when the response body is done or the call failed. */
  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}
