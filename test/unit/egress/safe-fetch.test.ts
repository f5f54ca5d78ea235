import { EgressError, SafeFetch } from '../../../src/security/egress';
import { StartupError, ToolError } from '../../../src/errors';
import {
  fakeDns,
  guardConnections,
  rejection,
  startServer,
  type ConnectionLog,
  type TestServer,
} from '../../attacks/ssrf/harness';

describe('SafeFetch', () => {
  let api: TestServer;
  let other: TestServer;
  let log: ConnectionLog;
  const dns = fakeDns({ 'api.example.test': '127.0.0.1', 'other.example.test': '127.0.0.1' });
  const safe = new SafeFetch({
    allow: ['api.example.test', 'other.example.test'],
    allowHttp: true,
    dangerouslyAllowLoopbackForTests: true,
    lookup: dns.lookup,
  });

  beforeAll(async () => {
    log = guardConnections();
    other = await startServer((req, res) => res.end(JSON.stringify(req.headers)));
    api = await startServer((req, res) => {
      if (req.url === '/json') return res.end(JSON.stringify({ hello: 'world' }));
      if (req.url === '/to-other') {
        res.writeHead(307, { location: `http://other.example.test:${other.port}/echo` });
        return res.end();
      }
      if (req.url === '/to-self') {
        res.writeHead(303, { location: '/echo' });
        return res.end();
      }
      if (req.url === '/post-302') {
        res.writeHead(302, { location: '/echo' });
        return res.end();
      }
      if (req.url === '/no-content') {
        res.writeHead(204);
        return res.end();
      }
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => res.end(JSON.stringify({ method: req.method, headers: req.headers, body })));
    });
  });

  afterAll(async () => {
    log.restore();
    await safe.close();
    await api.close();
    await other.close();
  });

  afterEach(() => expect(log.forbidden).toEqual([]));

  it('returns a standard Response from an allowlisted host', async () => {
    const res = await safe.fetch(`http://api.example.test:${api.port}/json`);
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(200);
    expect(res.url).toBe(`http://api.example.test:${api.port}/json`);
    expect(res.redirected).toBe(false);
    expect(await res.json()).toEqual({ hello: 'world' });
  });

  it('keeps the original host name in the Host header while connecting to the checked address', async () => {
    const res = await safe.fetch(new URL(`http://api.example.test:${api.port}/echo`));
    const echoed: any = await res.json();
    expect(echoed.headers.host).toBe(`api.example.test:${api.port}`);
    expect(log.attempts.length).toBeGreaterThan(0);
    expect(log.attempts.every((a) => a.host === '127.0.0.1')).toBe(true);
  });

  it('accepts a Request and sends method, headers and body', async () => {
    const request = new Request(`http://api.example.test:${api.port}/echo`, {
      method: 'POST',
      headers: { 'x-test': '1' },
      body: 'payload',
    });
    const echoed = await (await safe.fetch(request)).json();
    expect(echoed).toMatchObject({ method: 'POST', body: 'payload', headers: { 'x-test': '1' } });
  });

  it('follows a redirect within the allowlist and drops credentials on a cross-origin hop', async () => {
    const res = await safe.fetch(`http://api.example.test:${api.port}/to-other`, {
      headers: { authorization: 'Bearer secret', cookie: 'a=b', 'x-keep': 'yes' },
    });
    expect(res.redirected).toBe(true);
    expect(res.url).toBe(`http://other.example.test:${other.port}/echo`);
    const headers: any = await res.json();
    expect(headers.authorization).toBeUndefined();
    expect(headers.cookie).toBeUndefined();
    expect(headers['x-keep']).toBe('yes');
  });

  it('keeps credentials on a same-origin redirect and turns 303 into GET', async () => {
    const res = await safe.fetch(`http://api.example.test:${api.port}/to-self`, {
      method: 'POST',
      body: 'x',
      headers: { authorization: 'Bearer secret', 'content-type': 'text/plain' },
    });
    const echoed: any = await res.json();
    expect(echoed.method).toBe('GET');
    expect(echoed.body).toBe('');
    expect(echoed.headers.authorization).toBe('Bearer secret');
    expect(echoed.headers['content-type']).toBeUndefined();
  });

  it("returns the 3xx itself with redirect: 'manual' and refuses with redirect: 'error'", async () => {
    const manual = await safe.fetch(`http://api.example.test:${api.port}/post-302`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('/echo');
    const error = await rejection(
      safe.fetch(`http://api.example.test:${api.port}/post-302`, { redirect: 'error' }),
    );
    expect(error).toBeInstanceOf(EgressError);
    expect(error.code).toBe('redirect');
  });

  it('speaks TLS to the checked address with the original name for SNI and certificate checks', async () => {
    const before = log.attempts.length;
    // The local server speaks plain HTTP, so the handshake fails; what matters is what was dialled.
    const error = await rejection(safe.fetch(`https://api.example.test:${api.port}/json`));
    expect(error.code).toBe('network');
    expect(log.attempts.slice(before)).toEqual([
      { host: '127.0.0.1', servername: 'api.example.test', tls: true },
    ]);
  });

  it('refuses the test-only loopback option in production', () => {
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => new SafeFetch({ allow: [], dangerouslyAllowLoopbackForTests: true })).toThrow(
        StartupError,
      );
    } finally {
      process.env.NODE_ENV = env;
    }
  });

  it('re-sends a buffered body on 307 but refuses to replay a stream', async () => {
    const buffered = await safe.fetch(`http://api.example.test:${api.port}/to-other`, {
      method: 'PUT',
      body: 'x',
    });
    expect(buffered.status).toBe(200);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('x'));
        controller.close();
      },
    });
    const error = await rejection(
      safe.fetch(`http://api.example.test:${api.port}/to-other`, { method: 'PUT', body: stream }),
    );
    expect(error.code).toBe('redirect');
    expect(error.message).toMatch(/needs the request body again/);
  });

  it('handles null-body statuses', async () => {
    const res = await safe.fetch(`http://api.example.test:${api.port}/no-content`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
  });

  it('refuses hosts outside the allowlist with an actionable ToolError and no connection', async () => {
    const before = log.attempts.length;
    const error = await rejection(safe.fetch('https://evil.example.test/'));
    expect(error).toBeInstanceOf(ToolError);
    expect(error.message).toBe("egress to host 'evil.example.test' is not allowed; add it to network.allow");
    expect(log.attempts.length).toBe(before);
  });

  it('refuses http: unless allowHttp is set', async () => {
    const httpsOnly = new SafeFetch({ allow: ['api.example.test'], lookup: dns.lookup });
    const error = await rejection(httpsOnly.fetch(`http://api.example.test:${api.port}/`));
    expect(error.code).toBe('scheme');
    expect(error.message).toMatch(
      /scheme 'http:' is not allowed; use https: \(http: needs network.allowHttp\)/,
    );
    await httpsOnly.close();
  });

  it('never puts URL credentials in messages', async () => {
    const error = await rejection(safe.fetch(`http://user:hunter2@api.example.test:${api.port}/`));
    expect(error.code).toBe('credentials');
    expect(error.message).not.toContain('hunter2');
    const elsewhere = await rejection(safe.fetch('https://user:hunter2@evil.test/?token=abc'));
    expect(elsewhere.message).not.toMatch(/hunter2|token|abc/);
  });

  it('reports an unresolvable name as a network error without leaking details', async () => {
    const strict = new SafeFetch({ allow: ['missing.example.test'], lookup: dns.lookup });
    const error = await rejection(strict.fetch('https://missing.example.test/'));
    expect(error.code).toBe('network');
    expect(error.message).toBe(
      "egress to host 'missing.example.test' failed: the name could not be resolved",
    );
    await strict.close();
  });

  it('passes the caller abort reason through', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled by client'));
    const error = await rejection(
      safe.fetch(`http://api.example.test:${api.port}/json`, { signal: controller.signal }),
    );
    expect(error.message).toBe('cancelled by client');
  });
});

describe('SafeFetch.narrow', () => {
  const safe = new SafeFetch({ allow: ['api.example.com', '*.example.org'], lookup: async () => [] });
  afterAll(() => safe.close());

  it('limits a tool to a subset of the server list', async () => {
    const narrowed = safe.narrow(['api.example.com']);
    expect(narrowed).toBeInstanceOf(SafeFetch);
    expect(narrowed.allowedHosts).toEqual(['api.example.com']);
    const error = await rejection(narrowed.fetch('https://docs.example.org/'));
    expect(error.message).toBe(
      "egress to host 'docs.example.org' is not allowed; add it to network.allow and to the tool's @Egress list",
    );
  });

  it('a narrowed instance cannot close the shared pool', async () => {
    const dns = fakeDns({ 'api.example.test': '127.0.0.1' });
    const server = await startServer();
    const root = new SafeFetch({
      allow: ['api.example.test'],
      allowHttp: true,
      dangerouslyAllowLoopbackForTests: true,
      lookup: dns.lookup,
    });
    await root.narrow(['api.example.test']).close();
    expect((await root.fetch(`http://api.example.test:${server.port}/`)).status).toBe(200);
    await root.close();
    await server.close();
  });

  it('accepts names and narrower wildcards covered by a server wildcard', () => {
    expect(() => safe.narrow(['docs.example.org', '*.eu.example.org', '*.example.org'])).not.toThrow();
  });

  it('is a start-up error when a tool asks for a host the server does not allow', () => {
    expect(() => safe.narrow(['api.example.com', 'evil.test'])).toThrow(StartupError);
    expect(() => safe.narrow(['example.org'])).toThrow(/'example.org' not in network.allow/);
    expect(() => safe.narrow(['*.com'])).toThrow(StartupError);
  });
});

describe('NetworkOptions validation', () => {
  it.each([
    [{ allow: ['https://api.example.com'] }, /not a host name/],
    [{ allow: ['api.example.com/path'] }, /not a host name/],
    [{ allow: ['*.com'] }, /not a host name/],
    [{ allow: ['a.*.example.com'] }, /not a host name/],
    [{ allow: [''] }, /not a host name/],
    [{ allow: ['x'], maxBytes: 0 }, /maxBytes/],
    [{ allow: ['x'], timeoutMs: -1 }, /timeoutMs/],
    [{ allow: ['x'], maxRedirects: 1.5 }, /maxRedirects/],
    [{} as any, /network.allow must be a list/],
  ])('refuses %j at start-up', (options, message) => {
    expect(() => new SafeFetch(options)).toThrow(StartupError);
    expect(() => new SafeFetch(options)).toThrow(message);
  });
});
