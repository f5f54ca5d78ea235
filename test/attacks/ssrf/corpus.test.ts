import { gzipSync } from 'node:zlib';
import { EgressError, SafeFetch } from '../../../src/security/egress';
import { fakeDns, rejection, useLocalRig } from './harness';
import { INTERNAL_DNS, REDIRECT_PAYLOADS, URL_PAYLOADS } from './payloads';

/**
 * The SSRF corpus against real local servers. `internal` stands for an internal service: whatever the
 * payload, it must see 0 connections, and the connection guard must record 0 attempts to anything but
 * 127.0.0.1 (everything else is refused by the harness without touching the network).
 */
/** 8 MiB of zeros in about 8 KiB: made once, so compressing it does not eat into the time limit. */
const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));

const rig = useLocalRig(apiHandler);
const fill = rig.fill;

describe('URL payloads (address checks without the loopback test option)', () => {
  // IP-literal hosts go on the allowlist: then only the address check stands between them and a socket.
  const ipHosts = URL_PAYLOADS.filter((payload) => payload.expect === 'address')
    .map((payload) => hostOf(payload.url))
    .filter((host): host is string => host !== undefined && /^[\d.]+$|^\[/.test(host));
  const strict = new SafeFetch({
    allow: ['api.example.test', '*.internal.example.test', '*.google.internal', '*.ec2.internal', ...ipHosts],
    allowHttp: true,
    lookup: fakeDns(INTERNAL_DNS).lookup,
  });
  afterAll(() => strict.close());

  it('has at least 50 payloads', () => expect(URL_PAYLOADS.length).toBeGreaterThanOrEqual(50));

  it.each(URL_PAYLOADS.map((payload) => [payload.category, payload.url, payload]))(
    '%s: %j is refused',
    async (_category, _url, payload) => {
      const error = await rejection(strict.fetch(fill(payload.url)));
      expect(error).toBeInstanceOf(EgressError);
      expect({ code: error.code, message: error.message }).toMatchObject({ code: payload.expect });
      if (payload.message) expect(error.message).toMatch(payload.message);
      // Messages name the host and a category, never what a name resolved to, nor URL credentials.
      const resolved = INTERNAL_DNS[hostOf(payload.url) ?? ''] ?? [];
      for (const address of [resolved].flat()) expect(error.message).not.toContain(address);
      expect(error.message).not.toMatch(/pass|user@|user:/);
    },
  );
});

describe('scenarios through an allowlisted local API', () => {
  const dns = fakeDns({
    ...INTERNAL_DNS,
    'api.example.test': '127.0.0.1',
    'rebind.example.test': (before) => (before === 0 ? '127.0.0.1' : '169.254.169.254'),
    'rebind-hop.example.test': (before) => (before === 0 ? '127.0.0.1' : '10.0.0.1'),
  });
  const local = new SafeFetch({
    allow: ['api.example.test', '*.internal.example.test', 'rebind.example.test', 'rebind-hop.example.test'],
    allowHttp: true,
    dangerouslyAllowLoopbackForTests: true,
    maxBytes: 1024 * 1024,
    timeoutMs: 10_000,
    maxRedirects: 5,
    lookup: dns.lookup,
  });
  // Same rules with a short time limit, for the slow-server payloads only (the rest must not race it).
  const impatient = new SafeFetch({
    allow: ['api.example.test'],
    allowHttp: true,
    dangerouslyAllowLoopbackForTests: true,
    timeoutMs: 400,
    lookup: dns.lookup,
  });
  afterAll(async () => {
    await local.close();
    await impatient.close();
  });
  const apiUrl = (path: string, host = 'api.example.test') => `http://${host}:${rig.api.port}${path}`;

  it('reaches the allowlisted API (control: the rig itself works)', async () => {
    const res = await local.fetch(apiUrl('/ok'));
    expect(await res.text()).toBe('ok');
    // Backslash after the host is a path separator for http(s): this stays on api.example.test.
    const tricky = await local.fetch(`http://api.example.test:${rig.api.port}\\@evil.test/`);
    expect(tricky.status).toBe(200);
  });

  it('the internal server is really there (control: a connection would be counted)', async () => {
    const res = await fetch(`${rig.internal.origin}/`);
    expect(await res.text()).toBe('internal secrets');
    expect(rig.internal.connections).toBe(1);
    rig.internal.connections = 0;
  });

  it.each(REDIRECT_PAYLOADS.map((payload) => [payload.status, payload.location, payload]))(
    'redirect %s to %j is refused',
    async (_status, _location, payload) => {
      const target = encodeURIComponent(fill(payload.location));
      const error = await rejection(local.fetch(apiUrl(`/redirect?status=${payload.status}&to=${target}`)));
      expect(error).toBeInstanceOf(EgressError);
      expect(error.code).toBe(payload.expect);
    },
  );

  it('a redirect chain longer than maxRedirects is refused', async () => {
    const error = await rejection(local.fetch(apiUrl('/chain?n=6')));
    expect(error.code).toBe('redirect');
    const ok = await local.fetch(apiUrl('/chain?n=5'));
    expect(await ok.text()).toBe('ok');
  });

  it('a redirect loop is refused', async () => {
    const error = await rejection(local.fetch(apiUrl('/loop')));
    expect(error.code).toBe('redirect');
  });

  it('DNS rebinding across connections: each connection uses the address it checked', async () => {
    const before = rig.log.attempts.length;
    const first = await local.fetch(apiUrl('/close', 'rebind.example.test'));
    expect(await first.text()).toBe('ok');
    // The server closed the connection, so the next request needs a new one: new lookup, new check.
    const error = await rejection(local.fetch(apiUrl('/close', 'rebind.example.test')));
    expect(error.code).toBe('address');
    expect(error.message).toBe(
      "egress to host 'rebind.example.test' is refused: it resolves to a cloud metadata address",
    );
    expect(dns.asked.filter((name) => name === 'rebind.example.test')).toHaveLength(2);
    expect(rig.log.attempts.slice(before).map((a) => a.host)).toEqual(['127.0.0.1']);
  });

  it('DNS rebinding inside one request: the second hop is re-resolved and refused', async () => {
    const error = await rejection(local.fetch(apiUrl('/close-redirect-self', 'rebind-hop.example.test')));
    expect(error.code).toBe('address');
    expect(error.message).toMatch(/private address/);
  });

  it('a huge chunked response is cut off at maxBytes while reading', async () => {
    const res = await local.fetch(apiUrl('/huge'));
    const error = await rejection(res.arrayBuffer());
    expect(error).toBeInstanceOf(EgressError);
    expect(error.code).toBe('size');
  });

  it('a declared Content-Length over maxBytes is refused before reading', async () => {
    const error = await rejection(local.fetch(apiUrl('/huge-declared')));
    expect(error.code).toBe('size');
  });

  it('a gzip bomb is measured after decompression', async () => {
    const res = await local.fetch(apiUrl('/gzip-bomb'));
    const error = await rejection(res.text());
    expect(error.code).toBe('size');
  });

  it('a server that never answers hits the time limit', async () => {
    const error = await rejection(impatient.fetch(apiUrl('/hang')));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/timed out after 400 ms/);
  });

  it('a body that trickles forever hits the time limit while reading', async () => {
    const res = await impatient.fetch(apiUrl('/drip'));
    const error = await rejection(res.text());
    expect(error.code).toBe('timeout');
  });

  it('only ever connected to 127.0.0.1', () => {
    expect(rig.log.attempts.length).toBeGreaterThan(0);
    expect(new Set(rig.log.attempts.map((a) => a.host))).toEqual(new Set(['127.0.0.1']));
  });
});

function hostOf(url: string): string | undefined {
  try {
    return new URL(url.replaceAll('{INTERNAL}', '1')).hostname;
  } catch {
    return undefined;
  }
}

function apiHandler(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/redirect':
      res.writeHead(Number(url.searchParams.get('status')), { location: url.searchParams.get('to') ?? '/' });
      return void res.end();
    case '/chain': {
      const n = Number(url.searchParams.get('n'));
      if (n === 0) return void res.end('ok');
      res.writeHead(302, { location: `/chain?n=${n - 1}` });
      return void res.end();
    }
    case '/loop':
      res.writeHead(302, { location: '/loop' });
      return void res.end();
    case '/close':
      res.writeHead(200, { connection: 'close' });
      return void res.end('ok');
    case '/close-redirect-self':
      res.writeHead(302, { connection: 'close', location: '/ok' });
      return void res.end();
    case '/huge': {
      // 20 MiB in 64 KiB chunks, no Content-Length; stop writing once the client goes away.
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const write = () => {
        while (sent < 320 && !res.destroyed) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
        res.end();
      };
      return write();
    }
    case '/huge-declared':
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      return void res.write('a');
    case '/gzip-bomb': {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      return void res.end(bomb);
    }
    case '/hang':
      return;
    case '/drip': {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    default:
      res.end('ok');
  }
}
