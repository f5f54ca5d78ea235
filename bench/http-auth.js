#!/usr/bin/env node
// Per-call cost over Streamable HTTP on 127.0.0.1, side by side: auth off, an HS256 JWT with a local key,
// an ES256 JWT checked against a JWKS, and an opaque token by RFC 7662 introspection (cached after the first
// call). One SDK client, sequential calls of a trivial tool. Needs `npm run build` first.
// Usage: node bench/http-auth.js [N=2000] [ROUNDS=3]
'use strict';
const { randomBytes } = require('node:crypto');
const http = require('node:http');
const { compare } = require('./http-cases');

const AUD = 'https://bench.test/mcp';

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
  const bearer = (token) => ({ Authorization: `Bearer ${token}` });
  const cases = [
    ['auth off', { auth: false }],
    ['HS256 JWT, local key', { auth: { audience: AUD, key: secret } }, bearer(hs)],
    ['ES256 JWT, JWKS', { auth: { audience: AUD, jwksUrl: `http://127.0.0.1:${port(jwks)}/` } }, bearer(es)],
    [
      'opaque, introspection (cached)',
      {
        auth: {
          audience: AUD,
          introspection: {
            url: `http://127.0.0.1:${port(introspection)}/`,
            clientId: 'bench',
            clientSecret: 'BENCH_INTROSPECTION_SECRET',
          },
        },
      },
      bearer(randomBytes(20).toString('hex')),
    ],
  ];
  await compare(cases);
  jwks.close();
  introspection.close();
})();
