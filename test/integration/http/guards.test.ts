import { request } from 'node:http';
import { connectClient, INIT, rawPost, startHttp, token, type Started } from './helpers';
import { runs, WhoAmITool, WriteDocsTool } from './tools';

let s: Started;
beforeAll(async () => {
  s = await startHttp([WhoAmITool, WriteDocsTool], {
    allowedOrigins: ['https://app.example'],
    maxBodyBytes: 64 * 1024,
  });
});
afterAll(() => s.server.close());

const names = (list: { tools: Array<{ name: string }> }) => list.tools.map((t) => t.name).sort();

describe('DNS-rebinding protection (Host and Origin)', () => {
  it('refuses a Host that does not name this server with 403 and a JSON-RPC error', async () => {
    const auth = { Authorization: `Bearer ${await token({})}` };
    const res = await rawPost(
      s.listener.url,
      { ...auth, Host: `evil.example:${s.listener.port}` },
      JSON.stringify(INIT),
    );
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Forbidden: Host header not allowed' },
      id: null,
    });
  });

  it('refuses a foreign Origin with 403, even with a valid token', async () => {
    const auth = { Authorization: `Bearer ${await token({})}` };
    for (const origin of ['https://evil.example', 'null', 'https://app.example.evil.test']) {
      const res = await rawPost(s.listener.url, { ...auth, Origin: origin }, JSON.stringify(INIT));
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error.message).toBe('Forbidden: Origin not allowed');
    }
  });

  it('accepts the loopback Host names and an allowed Origin', async () => {
    const auth = { Authorization: `Bearer ${await token({})}` };
    for (const headers of <Array<Record<string, string>>>[
      { Host: `localhost:${s.listener.port}` },
      { Host: `127.0.0.1:${s.listener.port}`, Origin: 'https://app.example' },
    ]) {
      const res = await rawPost(s.listener.url, { ...auth, ...headers }, JSON.stringify(INIT));
      expect(res.status).toBe(200);
      expect(res.headers['mcp-session-id']).toEqual(expect.any(String));
    }
  });

  it('checks Host before the token (no token needed to be refused, no 401 oracle)', async () => {
    const res = await rawPost(s.listener.url, { Host: 'evil.example' }, JSON.stringify(INIT));
    expect(res.status).toBe(403);
  });
});

describe('sessions are bound to the principal', () => {
  it("refuses another principal's session id and leaves the session working for its owner", async () => {
    const aliceToken = await token({ scope: 'docs:write' }, { subject: 'alice' });
    const alice = await connectClient(s.listener.url, aliceToken);
    const sessionId = alice.transport.sessionId!;
    expect(sessionId).toEqual(expect.any(String));

    // Bob has a valid token (with every scope) and Alice's session id.
    const bobToken = await token({ scope: 'docs:write' }, { subject: 'bob' });
    const bob = await connectClient(s.listener.url, bobToken, sessionId);
    const before = runs.write;
    await expect(bob.client.callTool({ name: 'write_docs', arguments: {} })).rejects.toMatchObject({
      code: 404,
    });
    await expect(bob.client.listTools()).rejects.toMatchObject({ code: 404 });
    expect(runs.write).toBe(before);

    // Same subject from another issuer is another principal too.
    const otherIssuer = await token(
      { scope: 'docs:write', iss: 'https://other-issuer.test' },
      { subject: 'alice' },
    );
    const mallory = await connectClient(s.listener.url, otherIssuer, sessionId);
    await expect(mallory.client.listTools()).rejects.toMatchObject({ code: 404 });

    // The owner, even from a second client presenting the same session id, is still served.
    const again = await connectClient(s.listener.url, aliceToken, sessionId);
    expect(names(await again.client.listTools())).toEqual(['whoami', 'write_docs']);
    expect(names(await alice.client.listTools())).toEqual(['whoami', 'write_docs']);
    await alice.client.close();
  });

  it('answers an unknown session id with 404, and a non-initialize request without one with 400', async () => {
    const auth = { Authorization: `Bearer ${await token({})}` };
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect((await rawPost(s.listener.url, { ...auth, 'Mcp-Session-Id': 'nope' }, list)).status).toBe(404);
    expect((await rawPost(s.listener.url, auth, list)).status).toBe(400);
  });
});

describe('request body cap', () => {
  const big = JSON.stringify({ ...INIT, params: { ...INIT.params, pad: 'x'.repeat(64 * 1024) } });

  it('answers an oversized body with 413 (declared length)', async () => {
    const auth = { Authorization: `Bearer ${await token({})}` };
    const res = await rawPost(s.listener.url, auth, big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.message).toMatch(/Payload Too Large/);
  });

  it('answers an oversized chunked body (no Content-Length) with 413', async () => {
    const auth = { Authorization: `Bearer ${await token({})}` };
    const res = await rawPost(s.listener.url, auth, big, { chunked: true });
    expect(res.status).toBe(413);
  });

  it('serves a body just under the cap', async () => {
    const auth = { Authorization: `Bearer ${await token({})}` };
    const fits = JSON.stringify({ ...INIT, params: { ...INIT.params, pad: 'x'.repeat(60 * 1024) } });
    expect((await rawPost(s.listener.url, auth, fits)).status).toBe(200);
  });
});

describe('paths and methods', () => {
  it('answers methods other than GET, POST and DELETE with 405', async () => {
    const res = await fetch(s.listener.url, { method: 'PUT', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, DELETE, OPTIONS');
  });

  it('serves only the MCP path', async () => {
    const auth = { Authorization: `Bearer ${await token({})}` };
    const res = await rawPost(s.listener.url.replace('/mcp', '/other'), auth, JSON.stringify(INIT));
    expect(res.status).toBe(404);
  });
});

describe('close', () => {
  it('server.close() ends every session and stops listening', async () => {
    const own = await startHttp([WhoAmITool]);
    const { client } = await connectClient(own.listener.url, await token({}));
    expect(own.listener.sessions).toBe(1);
    await own.server.close();
    expect(own.listener.sessions).toBe(0);
    const refused = await new Promise<string>((resolve) => {
      const req = request(own.listener.url, { method: 'POST' }, () => resolve('answered'));
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      req.end();
    });
    expect(refused).toBe('ECONNREFUSED');
    await client.close();
  });
});
