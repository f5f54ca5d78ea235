import { connectClient, startHttp, token } from './helpers';
import { WhoAmITool } from './tools';

describe('session limits', () => {
  it("closes a principal's least recently used session beyond maxSessionsPerPrincipal, not others'", async () => {
    const s = await startHttp([WhoAmITool], { maxSessionsPerPrincipal: 2 });
    try {
      const alice = await token({}, { subject: 'alice' });
      const bob = await connectClient(s.listener.url, await token({}, { subject: 'bob' }));
      const first = await connectClient(s.listener.url, alice);
      const second = await connectClient(s.listener.url, alice);
      await first.client.listTools(); // now `second` is the least recently used
      const third = await connectClient(s.listener.url, alice);

      expect(s.listener.sessions).toBe(3);
      await expect(second.client.listTools()).rejects.toMatchObject({ code: 404 });
      for (const still of [first, third, bob]) await expect(still.client.listTools()).resolves.toBeDefined();
      for (const c of [first, second, third, bob]) await c.client.close();
    } finally {
      await s.server.close();
    }
  });

  it('closes sessions idle for sessionIdleTimeoutMs, measured on the injected clock', async () => {
    // The sweeper runs every sessionIdleTimeoutMs of real time; idleness is measured on `clock`, which the test moves.
    let now = Date.UTC(2026, 0, 1);
    const s = await startHttp([WhoAmITool], { sessionIdleTimeoutMs: 20, clock: () => now });
    try {
      const { client } = await connectClient(s.listener.url, await token({}));
      expect(s.listener.sessions).toBe(1);
      now += 15;
      await client.listTools(); // a request makes the session recent again
      now += 15; // 30 ms since it opened, 15 since its last request
      await sweeps(3);
      expect(s.listener.sessions).toBe(1);

      now += 6; // 21 ms since its last request
      await until(() => s.listener.sessions === 0);
      await expect(client.listTools()).rejects.toMatchObject({ code: 404 });
      await client.close();
    } finally {
      await s.server.close();
    }
  });
});

/** Lets the idle sweeper (every 20 ms of real time in the test above) run a few times. */
const sweeps = (n: number) => new Promise((r) => setTimeout(r, n * 20 + 5));

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
