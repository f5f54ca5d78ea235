import { webcrypto } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUDIENCE, connectClient, loadJose, startHttp, type Started } from './helpers';
import { WhoAmITool } from './tools';

const ISSUER = 'https://issuer.test';
let jwks: Server;
let s: Started;
let privateKey: webcrypto.CryptoKey;
let attackerKey: webcrypto.CryptoKey;

beforeAll(async () => {
  const { exportJWK, generateKeyPair } = await loadJose();
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  attackerKey = (await generateKeyPair('ES256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  // A local JWKS endpoint on 127.0.0.1, standing in for the identity provider.
  jwks = createHttpServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  s = await startHttp([WhoAmITool], { auth: { audience: AUDIENCE, issuer: ISSUER, jwksUrl } });
});
afterAll(async () => {
  await s.server.close();
  await new Promise((r) => jwks.close(r));
});

const sign = async (key: webcrypto.CryptoKey, issuer = ISSUER) =>
  new (await loadJose()).SignJWT({ scope: 'docs:read' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setSubject('carol')
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setExpirationTime('5m')
    .sign(key);

describe('JWKS verification', () => {
  it('accepts a token signed by a key in the JWKS', async () => {
    const { client } = await connectClient(s.listener.url, await sign(privateKey));
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect((result.content as Array<{ text: string }>)[0].text).toBe(`principal=${ISSUER}#carol`);
    await client.close();
  });

  it('refuses a token signed by another key, or from another issuer', async () => {
    await expect(connectClient(s.listener.url, await sign(attackerKey))).rejects.toMatchObject({ code: 401 });
    await expect(
      connectClient(s.listener.url, await sign(privateKey, 'https://evil.test')),
    ).rejects.toMatchObject({
      code: 401,
    });
  });
});
