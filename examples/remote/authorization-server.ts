import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a real authorization server (Keycloak, Entra ID, Auth0...), on 127.0.0.1: RFC 8414
 * metadata, a JWKS, and a token endpoint for the client-credentials grant that signs ES256 JWTs whose
 * audience is the `resource` asked for (RFC 8707). Its key pair and client secret are made at start.
 */
export async function startAuthorizationServer(client: { id: string; allowedScopes: string[] }) {
  const { generateKeyPair, exportJWK, SignJWT } = await import('jose');
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'example-key', alg: 'ES256', use: 'sig' };
  const clientSecret = randomBytes(24).toString('base64url');

  const server = createServer(async (req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (req.method === 'GET' && path === '/.well-known/oauth-authorization-server') {
      return json(200, {
        issuer,
        // Required by RFC 8414 clients; this stand-in serves only the client-credentials grant.
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks.json`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        response_types_supported: ['code'],
        scopes_supported: client.allowedScopes,
      });
    }
    if (req.method === 'GET' && path === '/jwks.json') return json(200, { keys: [jwk] });
    if (req.method === 'POST' && path === '/token') {
      const expected = `Basic ${Buffer.from(`${client.id}:${clientSecret}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return json(401, { error: 'invalid_client' });
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'client_credentials')
        return json(400, { error: 'unsupported_grant_type' });
      const resource = form.get('resource');
      if (!resource) return json(400, { error: 'invalid_target' });
      const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
      const granted = asked.filter((s) => client.allowedScopes.includes(s));
      const accessToken = await new SignJWT({ scope: granted.join(' '), client_id: client.id })
        .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
        .setIssuer(issuer)
        .setSubject(client.id)
        .setAudience(resource)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      return json(200, {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 300,
        scope: granted.join(' '),
      });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    clientId: client.id,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 16 * 1024) throw new Error('request body too large');
  }
  return body;
}
