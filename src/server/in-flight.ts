import type { Call } from './pipeline/types';

/**
 * The calls being served, so that shutting down (stdin closed, SIGTERM) waits for them: each one finishes and
 * gets its audit record, or, when the grace period runs out, is recorded as interrupted. One per server.
 */
export class InFlightCalls {
  private readonly calls = new Map<Call, (() => void) | undefined>();
  /** How to stop waiting for a call that is given up at shutdown (set by {@link InFlightCalls.settled}). */
  private readonly abandon = new Map<Call, () => void>();
  private accepting_ = true;
  private idle?: () => void;

  /** Number of calls being served. */
  get size(): number {
    return this.calls.size;
  }

  /** False once shutdown began: calls that arrive then are refused (by the shutdown gate step). */
  get accepting(): boolean {
    return this.accepting_;
  }

  /** Registers a call that starts (refused ones too: they end at once, with their audit record). */
  start(call: Call): void {
    this.calls.set(call, undefined);
  }

  /** What to record if `call` is still running when the grace period ends (the audit step sets it). */
  onInterrupt(call: Call, record: () => void): void {
    if (this.calls.has(call)) this.calls.set(call, record);
  }

  /**
   * Resolves when `running` settles, or when shutdown gives the call up (after recording it as interrupted),
   * whichever comes first: so the connection still answers the client (with the result the caller then sets)
   * before it closes, instead of dropping the request.
   */
  settled(call: Call, running: Promise<void>, onAbandon: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.abandon.set(call, () => {
        onAbandon();
        resolve();
      });
      running.then(resolve, reject);
    });
  }

  finish(call: Call): void {
    this.calls.delete(call);
    this.abandon.delete(call);
    if (this.calls.size === 0) this.idle?.();
  }

  /**
   * Refuses new calls, waits up to `graceMs` for the running ones, then records those still running as
   * interrupted. Resolves when every call finished or was recorded.
   */
  async drain(graceMs: number): Promise<void> {
    this.accepting_ = false;
    if (this.calls.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        timer = setTimeout(resolve, graceMs);
      });
      clearTimeout(timer);
      this.idle = undefined;
    }
    for (const [call, record] of this.calls) {
      this.calls.delete(call);
      record?.();
      const abandon = this.abandon.get(call);
      this.abandon.delete(call);
      abandon?.();
    }
  }
}
