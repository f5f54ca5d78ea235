/**
 * A service that can hand out a form of itself bound to one call's `AbortSignal`, so that work it does for
 * the call stops when the call is cancelled or times out (SafeFs: path resolution, directory creation).
 * Tools receive that form for every call, without passing `ctx.signal` themselves.
 */
export interface SignalAware {
  withSignal(signal: AbortSignal): this;
}

export function isSignalAware(value: unknown): value is SignalAware {
  return (
    typeof value === 'object' && value !== null && typeof (value as SignalAware).withSignal === 'function'
  );
}
