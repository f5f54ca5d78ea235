import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartupError } from '../../../src';
import { AUDIENCE, connectClient, INIT, rawPost, startHttp, type Started } from './helpers';
import { WhoAmITool } from './tools';

const ISSUER = 'https://as.test';
const CLIENT_ID = 'mcp-resource-server';
const SECRET_NAME = 'INTROSPECTION_TEST_SECRET';
const CLIENT_SECRET = 'canary-introspection-secret-not-a-real-secret';

/** A local RFC 7662 endpoint: answers from `answers`, counts the requests, checks the client's credentials. */
const stub = {
  server: undefined as Server | undefined,
  url: '',
  answers: new Map<string, Record<string, unknown>>(),
  asked: [] as string[],
  failing: false,
  badCredentials: 0,
};

beforeAll(async () => {
  stub.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const expected = 'Basic ' + Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
      if (req.headers.authorization !== expected) {
        stub.badCredentials++;
        res.writeHead(401).end();
        return;
      }
      const token = new URLSearchParams(body).get('token') ?? '';
      stub.asked.push(token);
      if (stub.failing) {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(stub.answers.get(token) ?? { active: false }));
    });
  });
  await new Promise<void>((r) => stub.server!.listen(0, '127.0.0.1', r));
  stub.url = `http://127.0.0.1:${(stub.server!.address() as AddressInfo).port}/introspect`;
  process.env[SECRET_NAME] = CLIENT_SECRET;
});
afterAll(async () => {
  delete process.env[SECRET_NAME];
  await new Promise((r) => stub.server!.close(r));
});

const servers: Started[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.server.close()));
});

async function start(introspection: Record<string, unknown> = {}, auth: Record<string, unknown> = {}) {
  const s = await startHttp([WhoAmITool], {
    auth: {
      audience: AUDIENCE,
      issuer: ISSUER,
      clockToleranceSec: 0,
      introspection: { url: stub.url, clientId: CLIENT_ID, clientSecret: SECRET_NAME, ...introspection },
      ...auth,
    },
  });
  servers.push(s);
  return s;
}

/** A fresh opaque token the stub answers for (active, for `frank`, valid 5 minutes unless told). */
function opaque(answer: Record<string, unknown> = {}): string {
  const token = randomBytes(24).toString('base64url');
  stub.answers.set(token, {
    active: true,
    sub: 'frank',
    iss: ISSUER,
    aud: AUDIENCE,
    scope: 'docs:read',
    exp: Math.floor(Date.now() / 1000) + 300,
    ...answer,
  });
  return token;
}

const askedFor = (token: string) => stub.asked.filter((t) => t === token).length;
const post = (s: Started, token: string) =>
  rawPost(s.listener.url, { Authorization: `Bearer ${token}` }, JSON.stringify(INIT));

describe('RFC 7662 introspection of opaque tokens', () => {
  it('serves an active token as iss#sub, with the client secret resolved by name, asking once per token', async () => {
    const s = await start();
    const token = opaque();
    const { client } = await connectClient(s.listener.url, token);
    await client.listTools();
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect((result.content as Array<{ text: string }>)[0].text).toBe(`principal=${ISSUER}#frank`);
    await client.close();
    expect(askedFor(token)).toBe(1);
    expect(stub.badCredentials).toBe(0);
    expect(JSON.stringify(s.logger.lines)).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(s.logger.lines)).not.toContain(token);
  });

  it('answers active:false, a foreign audience, a missing audience and a foreign issuer with 401 invalid_token', async () => {
    const s = await start();
    for (const answer of [
      { active: false },
      { aud: 'https://other.test' },
      { aud: undefined },
      { iss: 'https://evil.test' },
      { sub: undefined },
    ]) {
      const res = await post(s, opaque(answer));
      expect(res.status).toBe(401);
      expect(String(res.headers['www-authenticate'])).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it('does not reuse an answer past the token exp', async () => {
    const s = await start();
    const token = opaque({ exp: Math.floor(Date.now() / 1000) + 2 });
    expect((await post(s, token)).status).toBe(200);
    expect((await post(s, token)).status).toBe(200);
    expect(askedFor(token)).toBe(1);
    await new Promise((r) => setTimeout(r, 2200));
    expect((await post(s, token)).status).toBe(401);
    expect(askedFor(token)).toBe(2);
  });

  it('reuses an answer at most cacheTtlSec, so a revoked token stops working', async () => {
    const s = await start({ cacheTtlSec: 1 });
    const token = opaque();
    expect((await post(s, token)).status).toBe(200);
    stub.answers.set(token, { active: false }); // revoked at the authorization server
    expect((await post(s, token)).status).toBe(200); // still cached
    await new Promise((r) => setTimeout(r, 1200));
    expect((await post(s, token)).status).toBe(401);
    expect(askedFor(token)).toBe(2);
  });

  it('keeps at most maxCacheEntries answers', async () => {
    const s = await start({ maxCacheEntries: 2 });
    const [t1, t2, t3] = [opaque(), opaque(), opaque()];
    for (const t of [t1, t2, t3, t3, t1]) expect((await post(s, t)).status).toBe(200);
    expect([askedFor(t1), askedFor(t2), askedFor(t3)]).toEqual([2, 1, 1]);
  });

  it('answers 503 with Retry-After when the authorization server fails, and asks again next time', async () => {
    const s = await start();
    const token = opaque();
    stub.failing = true;
    try {
      const res = await post(s, token);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('30');
    } finally {
      stub.failing = false;
    }
    expect((await post(s, token)).status).toBe(200);
    expect(askedFor(token)).toBe(2);
    expect(s.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('applies maxTokenAgeSec to the answer iat', async () => {
    const s = await start({}, { maxTokenAgeSec: 60 });
    const now = Math.floor(Date.now() / 1000);
    expect((await post(s, opaque({ iat: now - 10 }))).status).toBe(200);
    expect((await post(s, opaque({ iat: now - 600 }))).status).toBe(401);
    expect((await post(s, opaque())).status).toBe(401); // no iat
  });
});

describe('introspection start-up checks', () => {
  it('refuses plain http to a non-loopback host, a missing secret, and a second token source', async () => {
    await expect(start({ url: 'http://as.example.com/introspect' })).rejects.toThrow(/https/);
    await expect(start({ clientSecret: 'INTROSPECTION_SECRET_NOT_SET' })).rejects.toThrow(StartupError);
    await expect(start({ clientSecret: 'INTROSPECTION_SECRET_NOT_SET' })).rejects.toThrow(
      /INTROSPECTION_SECRET_NOT_SET/,
    );
    await expect(start({}, { key: randomBytes(32) })).rejects.toThrow(/exactly one/);
  });
});
