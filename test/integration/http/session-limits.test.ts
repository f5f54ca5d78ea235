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

  it('closes sessions idle for sessionIdleTimeoutMs', async () => {
    const s = await startHttp([WhoAmITool], { sessionIdleTimeoutMs: 300 });
    try {
      const { client } = await connectClient(s.listener.url, await token({}));
      expect(s.listener.sessions).toBe(1);
      await new Promise((r) => setTimeout(r, 1000));
      expect(s.listener.sessions).toBe(0);
      await expect(client.listTools()).rejects.toMatchObject({ code: 404 });
      await client.close();
    } finally {
      await s.server.close();
    }
  });
});
