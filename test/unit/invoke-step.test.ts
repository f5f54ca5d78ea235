import { CallContext } from '../../src/server/call-context';
import type { Call } from '../../src/server/pipeline/types';
import type { AnyRuntime } from '../../src/server/runtime-tool';
import type { ServerRuntime } from '../../src/server/server-runtime';
import { invoke, ToolTimeout } from '../../src/server/steps/invoke';
import type { Logger } from '../../src/logging/logger';

// The invoke step on its own: a tool runtime needs only what the step reads (kind, name, time budget, invoke).
function runInvoke(execute: () => unknown, timeoutMs = 50) {
  const tool = {
    kind: 'tool',
    name: 'probe',
    definition: { timeoutMs },
    invoke: execute,
  } as unknown as AnyRuntime;
  const step = invoke(tool, {} as ServerRuntime)!;
  const ctx = new CallContext(
    'probe',
    new AbortController().signal,
    { id: 'u' },
    's',
    '1',
    'a',
    {} as Logger,
    undefined,
  );
  const call: Call = { tool, ctx, startedAt: 0, args: {} };
  return { call, ctx, done: step(call, () => Promise.resolve()) };
}

describe('invoke step', () => {
  afterEach(() => jest.restoreAllMocks());

  it('arms no timeout timer for a method that returned without a promise (it has finished)', async () => {
    const timers = jest.spyOn(global, 'setTimeout');
    const { call, done } = runInvoke(() => 'plain value');
    await done;
    expect(call.output).toBe('plain value');
    expect(timers).not.toHaveBeenCalled();
  });

  it('still times out a method whose promise never settles, and aborts ctx.signal', async () => {
    const { ctx, done } = runInvoke(() => new Promise(() => undefined), 20);
    await expect(done).rejects.toBeInstanceOf(ToolTimeout);
    expect(ctx.signal.aborted).toBe(true);
  });

  it('waits for a thenable that is not a native promise', async () => {
    const { call, done } = runInvoke(() => ({ then: (ok: (v: unknown) => void) => ok('from thenable') }));
    await done;
    expect(call.output).toBe('from thenable');
  });

  it('passes a synchronous throw on as the call failure', async () => {
    const { done } = runInvoke(() => {
      throw new Error('boom');
    });
    await expect(done).rejects.toThrow('boom');
  });
});
