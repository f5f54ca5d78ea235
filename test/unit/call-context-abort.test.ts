import { CallContext } from '../../src/server/call-context';
import { createLogger } from '../../src/logging/logger';

// SafeFs bound to a call checks `ctx.throwIfAborted()` instead of `ctx.signal` (which builds a signal): it must
// throw exactly what the signal would, for a timeout and for the client's cancellation.
function context(clientSignal: AbortSignal): CallContext {
  const logger = createLogger({ silent: true });
  return new CallContext('t', clientSignal, { id: 'p' }, 's', 'r', 'a', logger, undefined);
}

describe('CallContext.throwIfAborted', () => {
  it('does not throw while the call runs', () => {
    expect(() => context(new AbortController().signal).throwIfAborted()).not.toThrow();
  });

  it('throws the timeout reason once the call was aborted, before and after `signal` is read', () => {
    const reason = new Error('call timed out');
    const early = context(new AbortController().signal);
    early.abort(reason);
    expect(() => early.throwIfAborted()).toThrow(reason);
    const late = context(new AbortController().signal);
    void late.signal;
    late.abort(reason);
    expect(() => late.throwIfAborted()).toThrow(reason);
  });

  it("throws the client's cancellation reason, as ctx.signal would", () => {
    const client = new AbortController();
    const ctx = context(client.signal);
    client.abort(new Error('cancelled by client'));
    expect(() => ctx.throwIfAborted()).toThrow('cancelled by client');
    expect(() => ctx.signal.throwIfAborted()).toThrow('cancelled by client');
  });
});
