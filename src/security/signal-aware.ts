/**
 * What a service needs of a call's cancellation: `throwIfAborted()` for checks between steps of its work,
 * and `signal` for work handed to APIs that take an `AbortSignal` (fetch). Both an `AbortSignal`'s holder and
 * the call's context provide it; the context builds its `AbortSignal` only when `signal` is read, so a check
 * alone costs no allocation.
 */
export interface CallAbort {
  /** Throws the call's abort reason once the call was cancelled or timed out. */
  throwIfAborted(): void;
  readonly signal: AbortSignal;
}

/** What checking a call's cancellation needs: an `AbortSignal` or a {@link CallAbort}. */
export type AbortCheck = Pick<AbortSignal, 'throwIfAborted'>;

/**
 * A service that can hand out a form of itself bound to one call, so that work it does for the call stops
 * when the call is cancelled or times out (SafeFs: path resolution, directory creation; SafeFetch: requests).
 * Tools receive that form for every call, without passing `ctx.signal` themselves.
 */
export interface SignalAware {
  withSignal(signal: AbortSignal): this;
  /** Like `withSignal`, reading the call's signal only when needed (the per-call binding of the factory). */
  forCall(call: CallAbort): this;
}

export function isSignalAware(value: unknown): value is SignalAware {
  return typeof value === 'object' && value !== null && typeof (value as SignalAware).forCall === 'function';
}
