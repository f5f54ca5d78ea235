#!/usr/bin/env node
// Per-call cost over Streamable HTTP on 127.0.0.1, side by side: auth off, an HS256 JWT with a local key,
// an ES256 JWT checked against a JWKS, and an opaque token by RFC 7662 introspection (cached after the first
// call). One SDK client, sequential calls of a trivial tool. Needs `npm run build` first.
// Usage: node bench/http-auth.js [N=2000] [ROUNDS=3]
'use strict';
const { randomBytes } = require('node:crypto');
const { mkdtempSync } = require('node:fs');
const http = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const root = join(__dirname, '..');
require(join(root, 'node_modules/reflect-metadata'));
const { createServer, Tool, ReadOnly } = require(join(root, 'dist'));
const sdk = join(root, 'node_modules/@modelcontextprotocol/sdk/dist/cjs');
const { Client } = require(join(sdk, 'client/index.js'));
const { StreamableHTTPClientTransport } = require(join(sdk, 'client/streamableHttp.js'));

class Empty {}
class Echo {
  execute() {
    return 'ok';
  }
}
Tool({ name: 'echo', description: 'echo', input: Empty })(Echo);
ReadOnly()(Echo);

const N = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 3);
const AUD = 'https://bench.test/mcp';

async function measure(auth, bearer) {
  const server = await createServer({
    name: 'bench-http',
    version: '1',
    tools: [Echo],
    usage: false,
    policy: false,
    secrets: { envFile: false, keychain: false },
    audit: { file: join(mkdtempSync(join(tmpdir(), 'bench-http-')), 'audit.jsonl') },
    logging: { silent: true },
  });
  const listener = await server.listenHttp({ port: 0, auth });
  const headers = bearer ? { Authorization: `Bearer ${bearer}` } : {};
  const transport = new StreamableHTTPClientTransport(new URL(listener.url), { requestInit: { headers } });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  for (let i = 0; i < 200; i++) await client.callTool({ name: 'echo', arguments: {} });
  const times = [];
  for (let i = 0; i < N; i++) {
    const start = performance.now();
    await client.callTool({ name: 'echo', arguments: {} });
    times.push(performance.now() - start);
  }
  await client.close();
  await server.close();
  times.sort((a, b) => a - b);
  return { p50: times[N >> 1], p90: times[Math.floor(N * 0.9)] };
}

const serve = (handler) =>
  new Promise((resolve) => {
    const s = http.createServer(handler);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
const json = (res, body) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

(async () => {
  const jose = await import('jose');
  const secret = randomBytes(32);
  const hs = await new jose.SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u')
    .setAudience(AUD)
    .setExpirationTime('1h')
    .sign(secret);
  const pair = await jose.generateKeyPair('ES256');
  const jwk = { ...(await jose.exportJWK(pair.publicKey)), kid: 'k', alg: 'ES256' };
  const es = await new jose.SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: 'k' })
    .setSubject('u')
    .setAudience(AUD)
    .setExpirationTime('1h')
    .sign(pair.privateKey);
  const jwks = await serve((_req, res) => json(res, { keys: [jwk] }));
  const introspection = await serve((req, res) => {
    req.resume();
    req.on('end', () =>
      json(res, { active: true, sub: 'u', aud: AUD, exp: Math.floor(Date.now() / 1000) + 3600 }),
    );
  });
  process.env.BENCH_INTROSPECTION_SECRET = randomBytes(24).toString('base64url');
  const port = (s) => s.address().port;
  const cases = [
    ['auth off', false, undefined],
    ['HS256 JWT, local key', { audience: AUD, key: secret }, hs],
    ['ES256 JWT, JWKS', { audience: AUD, jwksUrl: `http://127.0.0.1:${port(jwks)}/` }, es],
    [
      'opaque, introspection (cached)',
      {
        audience: AUD,
        introspection: {
          url: `http://127.0.0.1:${port(introspection)}/`,
          clientId: 'bench',
          clientSecret: 'BENCH_INTROSPECTION_SECRET',
        },
      },
      randomBytes(20).toString('hex'),
    ],
  ];
  const results = new Map(cases.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, auth, bearer] of cases) results.get(name).push(await measure(auth, bearer));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const base = median(results.get('auth off').map((r) => r.p50));
  for (const [name, rounds] of results) {
    const p50 = median(rounds.map((r) => r.p50));
    const p90 = median(rounds.map((r) => r.p90));
    process.stdout.write(
      `${name.padEnd(32)} p50 ${p50.toFixed(3)} ms (${(p50 - base >= 0 ? '+' : '') + ((p50 - base) * 1000).toFixed(0)} µs)  p90 ${p90.toFixed(3)} ms\n`,
    );
  }
  jwks.close();
  introspection.close();
})();
