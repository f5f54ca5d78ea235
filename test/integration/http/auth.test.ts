import { StartupError } from '../../../src';
import { AUDIENCE, connectClient, INIT, rawPost, SECRET, startHttp, token, type Started } from './helpers';
import { runs, WhoAmITool, WriteDocsTool } from './tools';

let s: Started;
beforeAll(async () => {
  s = await startHttp([WhoAmITool, WriteDocsTool]);
});
afterAll(() => s.server.close());

const names = (list: { tools: Array<{ name: string }> }) => list.tools.map((t) => t.name).sort();
const text = (r: unknown) => (r as { content: Array<{ text: string }> }).content[0].text;

describe('Streamable HTTP with a valid bearer token', () => {
  it('binds 127.0.0.1 by default and serves /mcp', () => {
    expect(s.listener.host).toBe('127.0.0.1');
    expect(s.listener.url).toBe(`http://127.0.0.1:${s.listener.port}/mcp`);
  });

  it('lists and calls tools as the token subject', async () => {
    const { client } = await connectClient(s.listener.url, await token({ scope: 'docs:read' }));
    expect(names(await client.listTools())).toEqual(['whoami']);
    expect(text(await client.callTool({ name: 'whoami', arguments: {} }))).toBe('principal=alice');
    await client.close();
  });

  it('hides a @Scopes tool from a caller without the scope and refuses the call (403) without running it', async () => {
    const { client } = await connectClient(s.listener.url, await token({ scope: 'docs:read' }));
    const before = runs.write;
    await expect(client.callTool({ name: 'write_docs', arguments: {} })).rejects.toMatchObject({
      code: 403,
      message: expect.stringMatching(/docs:write/),
    });
    expect(runs.write).toBe(before);
    await client.close();
  });

  it('treats a token without scope claims as holding no scopes (not as unchecked)', async () => {
    const { client } = await connectClient(s.listener.url, await token({}));
    expect(names(await client.listTools())).toEqual(['whoami']);
    await expect(client.callTool({ name: 'write_docs', arguments: {} })).rejects.toMatchObject({ code: 403 });
    await client.close();
  });

  it('lists and runs the tool for a caller with the scope (scp array form too)', async () => {
    for (const claims of [{ scope: 'docs:read docs:write' }, { scp: ['docs:write'] }]) {
      const { client } = await connectClient(s.listener.url, await token(claims, { subject: 'bob' }));
      expect(names(await client.listTools())).toEqual(['whoami', 'write_docs']);
      const before = runs.write;
      expect(text(await client.callTool({ name: 'write_docs', arguments: {} }))).toBe('written');
      expect(runs.write).toBe(before + 1);
      await client.close();
    }
  });
});

describe('Streamable HTTP refuses bad tokens with 401', () => {
  const cases: Array<[string, () => Promise<string | undefined>]> = [
    ['no token', async () => undefined],
    ['a bad signature', () => token({}, { secret: 'another-secret-that-is-at-least-32-chars' })],
    ['the wrong audience', () => token({}, { audience: 'https://other.test' })],
    ['an expired token', () => token({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ['no subject', () => token({}, { subject: '' })],
    ['a malformed token', async () => 'not.a.jwt'],
  ];

  it.each(cases)('the SDK client cannot connect with %s', async (_name, make) => {
    await expect(connectClient(s.listener.url, await make())).rejects.toMatchObject({ code: 401 });
  });

  it.each(cases)(
    'answers %s with WWW-Authenticate: Bearer and without echoing the token',
    async (_n, make) => {
      const bearer = await make();
      const res = await rawPost(
        s.listener.url,
        bearer ? { Authorization: `Bearer ${bearer}` } : {},
        JSON.stringify(INIT),
      );
      expect(res.status).toBe(401);
      expect(String(res.headers['www-authenticate'])).toMatch(/^Bearer/);
      expect(JSON.parse(res.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
      if (bearer) expect(res.body).not.toContain(bearer);
      if (bearer) expect(JSON.stringify(s.logger.lines)).not.toContain(bearer);
    },
  );

  it('checks the token on every request, so one that expires mid-session stops working', async () => {
    let later = 0; // the verifier's clock is moved instead of waiting
    const timed = await startHttp([WhoAmITool], {
      auth: { audience: AUDIENCE, key: SECRET, clock: () => Date.now() + later },
    });
    try {
      const shortLived = await token({}, { expiresIn: Math.floor(Date.now() / 1000) + 2 });
      const { client } = await connectClient(timed.listener.url, shortLived);
      expect(names(await client.listTools())).toEqual(['whoami']);
      later = 8000; // past exp + the 5 s clock tolerance
      await expect(client.listTools()).rejects.toMatchObject({ code: 401 });
      await client.close();
    } finally {
      await timed.server.close();
    }
  });
});

describe('listenHttp start-up checks', () => {
  it('requires `auth` to be given, and an audience when it is not false', async () => {
    const { server } = s;
    await expect(server.listenHttp({ port: 0 } as never)).rejects.toThrow(StartupError);
    await expect(server.listenHttp({ port: 0, auth: { key: SECRET } as never })).rejects.toThrow(/audience/);
    await expect(server.listenHttp({ port: 0, auth: { audience: AUDIENCE, key: 'short' } })).rejects.toThrow(
      /at least 32/,
    );
    await expect(server.listenHttp({ port: 0, auth: { audience: AUDIENCE } })).rejects.toThrow(/exactly one/);
  });
});
