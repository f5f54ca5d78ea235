import { connectClient, startHttp } from './helpers';
import { WhoAmITool } from './tools';

describe('auth: false', () => {
  it('serves without a token, as the default principal, and warns at start-up', async () => {
    const s = await startHttp([WhoAmITool], { auth: false });
    try {
      expect(s.logger.lines).toContainEqual({
        level: 'warn',
        message: expect.stringMatching(/authentication is DISABLED/),
      });
      const { client } = await connectClient(s.listener.url);
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['whoami']);
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      expect((result.content as Array<{ text: string }>)[0].text).toMatch(/^principal=.+/);
      await client.close();
    } finally {
      await s.server.close();
    }
  });

  it('does not warn when authentication is on', async () => {
    const s = await startHttp([WhoAmITool]);
    await s.server.close();
    expect(s.logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });
});
