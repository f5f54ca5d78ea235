import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RateLimit, Tool } from '../../../src';
import { createTestClient, type TestClient } from '../../../src/testing';
import { EchoInput, EchoTool, HangTool } from '../../fixtures/tools';

// Issue 11, item 7: the raw arguments of a call carrying a top-level `__proto__` / `constructor` used to wait in
// a per-connection table that only a known tool's run emptied. Each test sends such a call, ends it one way,
// and checks that the arguments object can be garbage-collected afterwards: nothing of the request outlives it.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

@Tool({ name: 'limited', description: 'Echo, once an hour', input: EchoInput })
@RateLimit({ limit: 1, window: '1h' })
class LimitedEcho {
  execute(input: EchoInput) {
    return input.message;
  }
}

const polluted = () =>
  JSON.parse('{"message":"x","__proto__":{"polluted":true},"pad":"' + 'p'.repeat(10_000) + '"}') as Record<
    string,
    unknown
  >;

/**
 * Runs `end` with a fresh polluted arguments object, drops every reference the test holds, and reports
 * whether something still keeps the object alive after garbage collection.
 */
async function retainedAfter(
  end: (args: Record<string, unknown>) => Promise<unknown>,
  keep?: unknown[],
): Promise<boolean> {
  let ref!: WeakRef<object>;
  await (async () => {
    const args = polluted();
    ref = new WeakRef(args);
    keep?.push(args);
    await end(args).catch(() => undefined);
  })();
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    gc();
    if (ref.deref() === undefined) return false;
  }
  return true;
}

describe('raw arguments of a suspicious call never outlive the call (issue 11, item 7)', () => {
  let t: TestClient;
  beforeEach(async () => {
    t = await createTestClient({
      tools: [EchoTool, HangTool, LimitedEcho],
      // Windows are aligned to the clock: a fixed clock keeps the second call in the first one's window.
      rateLimit: { clock: () => Date.UTC(2026, 0, 1, 12, 0, 30) },
    });
  });
  afterEach(() => t.close());

  it('the check itself sees an object that is still referenced', async () => {
    const keep: unknown[] = [];
    expect(await retainedAfter((args) => t.callTool('echo', args), keep)).toBe(true);
    expect(keep).toHaveLength(1);
  });

  it('after a call to an unknown tool', async () => {
    expect(await retainedAfter((args) => t.callTool('no_such_tool', args))).toBe(false);
  });

  it('after a request the SDK itself rejects (a name that is not a string)', async () => {
    expect(
      await retainedAfter((args) => t.client.callTool({ name: 42 as unknown as string, arguments: args })),
    ).toBe(false);
  });

  it('after the argument guard refuses it (known tool)', async () => {
    let text = '';
    expect(
      await retainedAfter(async (args) => {
        text = t.text(await t.callTool('echo', args));
      }),
    ).toBe(false);
    expect(text).toBe('arguments must not contain the key "__proto__" (prototype pollution)');
  });

  it('after a rate-limit denial', async () => {
    await t.callTool('limited', { message: 'first' });
    let text = '';
    expect(
      await retainedAfter(async (args) => {
        text = t.text(await t.callTool('limited', args));
      }),
    ).toBe(false);
    expect(text).toMatch(/rate limit/i);
  });

  it('after the client cancels it', async () => {
    expect(
      await retainedAfter((args) => {
        const abort = new AbortController();
        const call = t.callTool('hang', args, { signal: abort.signal });
        abort.abort();
        return call;
      }),
    ).toBe(false);
  });

  it('after the transport closes mid-call', async () => {
    expect(
      await retainedAfter((args) => {
        const call = t.callTool('no_such_tool', args);
        void t.client.close();
        return call;
      }),
    ).toBe(false);
  });

  it('after many unknown-tool calls, none is kept', async () => {
    const refs: WeakRef<object>[] = [];
    await (async () => {
      for (let i = 0; i < 50; i++) {
        const args = polluted();
        refs.push(new WeakRef(args));
        await t.callTool('no_such_tool', args).catch(() => undefined);
      }
    })();
    // Under load the last calls' frames can take a few turns of the event loop to unwind: collect until
    // nothing is left or the budget runs out, and only then judge.
    for (let i = 0; i < 20 && refs.some((r) => r.deref() !== undefined); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      gc();
    }
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
  });
});
