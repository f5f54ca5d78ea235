import { request } from 'node:http';
import { INIT, rawPost, startHttp, token, type Started } from './helpers';
import { WhoAmITool } from './tools';

const APP = 'https://app.example';
let s: Started;
beforeAll(async () => {
  s = await startHttp([WhoAmITool], { allowedOrigins: [APP] });
});
afterAll(() => s.server.close());

function preflight(
  url: string,
  origin: string,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request(
      url,
      {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type, mcp-session-id',
        },
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      },
    )
      .on('error', reject)
      .end();
  });
}

const list = (value: unknown) =>
  String(value)
    .split(',')
    .map((v) => v.trim().toLowerCase());

describe('CORS for configured origins', () => {
  it('answers a preflight from an allowed origin with the MCP methods and headers, without a token', async () => {
    const res = await preflight(s.listener.url, APP);
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(list(res.headers['access-control-allow-methods'])).toEqual(
      expect.arrayContaining(['get', 'post', 'delete']),
    );
    expect(list(res.headers['access-control-allow-headers'])).toEqual(
      expect.arrayContaining([
        'authorization',
        'content-type',
        'mcp-session-id',
        'mcp-protocol-version',
        'last-event-id',
      ]),
    );
    expect(list(res.headers['access-control-expose-headers'])).toEqual(
      expect.arrayContaining(['mcp-session-id', 'www-authenticate']),
    );
    expect(String(res.headers.vary)).toMatch(/Origin/);
  });

  it('refuses a preflight from any other origin, with no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'null', `${APP}.evil.test`]) {
      const res = await preflight(s.listener.url, origin);
      expect(res.status).toBe(403);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('lets the allowed origin read the session id and the 401 challenge', async () => {
    const auth = { Authorization: `Bearer ${await token({})}` };
    const ok = await rawPost(s.listener.url, { ...auth, Origin: APP }, JSON.stringify(INIT));
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(APP);
    expect(list(ok.headers['access-control-expose-headers'])).toContain('mcp-session-id');
    const denied = await rawPost(s.listener.url, { Origin: APP }, JSON.stringify(INIT));
    expect(denied.status).toBe(401);
    expect(denied.headers['access-control-allow-origin']).toBe(APP);
    expect(list(denied.headers['access-control-expose-headers'])).toContain('www-authenticate');
  });

  it('sends no CORS headers to a request without Origin', async () => {
    const auth = { Authorization: `Bearer ${await token({})}` };
    const res = await rawPost(s.listener.url, auth, JSON.stringify(INIT));
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe("the server's own loopback origin", () => {
  it('is accepted by default (no allowedOrigins), as http://localhost:PORT and http://127.0.0.1:PORT', async () => {
    const own = await startHttp([WhoAmITool]);
    try {
      const auth = { Authorization: `Bearer ${await token({})}` };
      const port = own.listener.port;
      for (const [host, origin] of [
        [`localhost:${port}`, `http://localhost:${port}`],
        [`127.0.0.1:${port}`, `http://127.0.0.1:${port}`],
        [`localhost:${port}`, `http://127.0.0.1:${port}`],
      ]) {
        const res = await rawPost(
          own.listener.url,
          { ...auth, Host: host, Origin: origin },
          JSON.stringify(INIT),
        );
        expect(res.status).toBe(200);
      }
      for (const origin of [
        `http://localhost:${port + 1}`,
        `https://localhost:${port}`,
        'http://localhost',
      ]) {
        const res = await rawPost(own.listener.url, { ...auth, Origin: origin }, JSON.stringify(INIT));
        expect(res.status).toBe(403);
      }
    } finally {
      await own.server.close();
    }
  });
});
