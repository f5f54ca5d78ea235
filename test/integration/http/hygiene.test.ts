import { connect } from 'node:net';
import {
  AUDIENCE,
  connectClient,
  INIT,
  SECRET,
  rawPost,
  rawSocket,
  startHttp,
  token,
  type Started,
} from './helpers';
import { WhoAmITool } from './tools';
import { SleepTool } from './tools-slow';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
const errors = (s: Started) => s.logger.lines.filter((l) => l.level === 'error');

describe('socket timeouts (real sockets on 127.0.0.1, small configured limits)', () => {
  // One server per limit under test, the other limits set long, so each test fails if its own limit breaks.
  const servers: Started[] = [];
  const start = async (limits: Parameters<typeof startHttp>[1]) => {
    const started = await startHttp([WhoAmITool, SleepTool], limits);
    servers.push(started);
    return started;
  };
  const long = { idleTimeoutMs: 20_000, headersTimeoutMs: 20_000, requestTimeoutMs: 20_000 };
  afterAll(() => Promise.all(servers.map((x) => x.server.close())));

  it('closes a connection that never sends anything after the idle timeout', async () => {
    const s = await start({ ...long, idleTimeoutMs: 400 });
    const { closedAfterMs } = await rawSocket(s.listener.port, '', 3000);
    expect(closedAfterMs).toBeDefined();
    expect(closedAfterMs!).toBeLessThan(1500);
  });

  it('closes a connection that dribbles its headers (slowloris) after the headers timeout', async () => {
    const s = await start({ ...long, headersTimeoutMs: 600 });
    const started = Date.now();
    const socket = connect({ host: '127.0.0.1', port: s.listener.port });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (received += c));
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('connect', r));
    socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${s.listener.port}\r\n`);
    // A header line every 150 ms keeps the socket from ever being idle.
    const dribble = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 150);
    const closedAfter = await Promise.race([
      new Promise<number>((r) => socket.once('close', () => r(Date.now() - started))),
      sleep(4000).then(() => -1),
    ]);
    clearInterval(dribble);
    socket.destroy();
    expect(closedAfter).toBeGreaterThan(0);
    expect(closedAfter).toBeLessThan(2500);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection that dribbles its body after the request timeout', async () => {
    const s = await start({ ...long, headersTimeoutMs: 600, requestTimeoutMs: 1200 });
    const started = Date.now();
    const socket = connect({ host: '127.0.0.1', port: s.listener.port });
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${s.listener.port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: 100000\r\n\r\n{`,
    );
    const dribble = setInterval(() => socket.writable && socket.write(' '), 150);
    const closedAfter = await Promise.race([
      new Promise<number>((r) => socket.once('close', () => r(Date.now() - started))),
      sleep(5000).then(() => -1),
    ]);
    clearInterval(dribble);
    socket.destroy();
    expect(closedAfter).toBeGreaterThan(0);
    expect(closedAfter).toBeLessThan(3000);
  });

  it('keeps a tool call that outlasts the idle and request timeouts alive (SSE keep-alive) and answers it', async () => {
    const s = await start({ idleTimeoutMs: 400, headersTimeoutMs: 600, requestTimeoutMs: 900 });
    const { client } = await connectClient(s.listener.url, await token({}));
    const result = await client.callTool({ name: 'sleep', arguments: { ms: 1800 } });
    expect((result.content as Array<{ text: string }>)[0].text).toBe('slept 1800');
    await client.close();
  });

  it('answers an unparseable request target with 400 before anything else, and logs no error', async () => {
    const s = await start({});
    const { received } = await rawSocket(
      s.listener.port,
      `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${s.listener.port}\r\nConnection: close\r\n\r\n`,
      2000,
    );
    expect(received).toMatch(/^HTTP\/1\.1 400/);
    expect(received).toContain('invalid request target');
    expect(errors(s)).toEqual([]);
  });
});

describe('refusals before authentication', () => {
  it('answers each cheaply with its status, logs none at error level, and keeps serving', async () => {
    const s = await startHttp([WhoAmITool]);
    try {
      const port = s.listener.port;
      const raw = (request: string) => rawSocket(port, request, 2000).then((r) => r.received.slice(0, 12));
      const host = `Host: 127.0.0.1:${port}\r\nConnection: close`;
      expect(await raw(`GET //[ HTTP/1.1\r\n${host}\r\n\r\n`)).toBe('HTTP/1.1 400');
      expect(await raw(`GET /mcp HTTP/1.1\r\nBad Header Line\r\n\r\n`)).toBe('HTTP/1.1 400');
      expect(await raw(`GET /other HTTP/1.1\r\n${host}\r\n\r\n`)).toBe('HTTP/1.1 404');
      expect(await raw(`PUT /mcp HTTP/1.1\r\n${host}\r\n\r\n`)).toBe('HTTP/1.1 405');
      expect(await raw(`GET /mcp HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`)).toBe(
        'HTTP/1.1 403',
      );
      expect(await raw(`GET /mcp HTTP/1.1\r\n${host}\r\nOrigin: https://evil.example\r\n\r\n`)).toBe(
        'HTTP/1.1 403',
      );
      expect(await raw(`GET /mcp HTTP/1.1\r\n${host}\r\n\r\n`)).toBe('HTTP/1.1 401');
      expect(await raw(`GET /mcp HTTP/1.1\r\n${host}\r\nAuthorization: Bearer not.a.jwt\r\n\r\n`)).toBe(
        'HTTP/1.1 401',
      );
      expect(errors(s)).toEqual([]);
      const { client } = await connectClient(s.listener.url, await token({}));
      await expect(client.listTools()).resolves.toBeDefined();
      await client.close();
    } finally {
      await s.server.close();
    }
  });
});

describe('connection cap', () => {
  it('drops connections beyond maxConnections on accept, and serves again once one closes', async () => {
    const s = await startHttp([WhoAmITool], { maxConnections: 2, idleTimeoutMs: 10_000 });
    try {
      const held = [connect(s.listener.port, '127.0.0.1'), connect(s.listener.port, '127.0.0.1')];
      await Promise.all(held.map((c) => new Promise((r) => c.once('connect', r))));
      await sleep(100); // the server has accepted both
      const third = await rawSocket(
        s.listener.port,
        `GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:${s.listener.port}\r\n\r\n`,
        2000,
      );
      expect(third.closedAfterMs).toBeDefined();
      expect(third.received).toBe('');
      held.forEach((c) => c.destroy());
      await sleep(100);
      const auth = { Authorization: `Bearer ${await token({})}` };
      expect((await rawPost(s.listener.url, auth, JSON.stringify(INIT))).status).toBe(200);
      expect(errors(s)).toEqual([]);
    } finally {
      await s.server.close();
    }
  });
});

describe('server-wide session cap', () => {
  it('refuses a new initialize with 503 and Retry-After when maxSessions are open, from any principal', async () => {
    const s = await startHttp([WhoAmITool], { maxSessions: 2 });
    try {
      const a = await connectClient(s.listener.url, await token({}, { subject: 'a' }));
      const b = await connectClient(s.listener.url, await token({}, { subject: 'b' }));
      const c = { Authorization: `Bearer ${await token({}, { subject: 'c' })}` };
      const refused = await rawPost(s.listener.url, c, JSON.stringify(INIT));
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('30');
      expect(JSON.parse(refused.body).error.message).toMatch(/too many open sessions/);
      expect(s.listener.sessions).toBe(2);
      // Open sessions keep working; one closing makes room.
      await expect(b.client.listTools()).resolves.toBeDefined();
      await a.transport.terminateSession();
      await a.client.close();
      expect((await rawPost(s.listener.url, c, JSON.stringify(INIT))).status).toBe(200);
      await b.client.close();
    } finally {
      await s.server.close();
    }
  });
});

describe('SSE streams end when their token expires', () => {
  it('cuts an open GET stream at the token expiry (clock tolerance 0)', async () => {
    const s = await startHttp([WhoAmITool], {
      auth: { audience: AUDIENCE, key: SECRET, clockToleranceSec: 0 },
    });
    try {
      const exp = Math.floor(Date.now() / 1000) + 3;
      const bearer = await token({}, { expiresIn: exp });
      const init = await rawPost(s.listener.url, { Authorization: `Bearer ${bearer}` }, JSON.stringify(INIT));
      const sessionId = String(init.headers['mcp-session-id']);
      const opened = Date.now();
      const stream = await fetch(s.listener.url, {
        headers: {
          Authorization: `Bearer ${bearer}`,
          Accept: 'text/event-stream',
          'Mcp-Session-Id': sessionId,
          'Mcp-Protocol-Version': '2025-06-18',
        },
      });
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      const ended = await Promise.race([
        (async () => {
          try {
            while (!(await reader.read()).done);
          } catch {
            /* a cut connection ends the stream too */
          }
          return Date.now();
        })(),
        sleep(8000).then(() => undefined),
      ]);
      expect(ended).toBeDefined();
      expect(ended! / 1000).toBeGreaterThanOrEqual(exp - 0.05);
      expect(ended! - opened).toBeLessThan(5000);
      expect(errors(s)).toEqual([]);
    } finally {
      await s.server.close();
    }
  }, 15000);
});
