import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A public client known in advance (no registration), e.g. the MCP Inspector's callback. */
export interface PublicClient {
  id: string;
  /** Exact redirect URIs: loopback `http` or `https` only. */
  redirectUris: string[];
}

export interface AuthorizationServerOptions {
  /** The confidential client for the client-credentials grant (a secret is made at start). */
  id: string;
  /** Scopes any client may be granted; a request gets what it asks for within these. */
  allowedScopes: string[];
  /** The user every `/authorize` approves at once: this is a local development stub, there is no login page. */
  demoUser?: string;
  /** Public clients registered up front; others register at `/register` (RFC 7591). */
  publicClients?: PublicClient[];
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
}

interface Grant {
  clientId: string;
  sub: string;
  scope: string[];
  resource: string;
}

const CODE_TTL_MS = 60_000;
const ACCESS_TOKEN_TTL_S = 300;
const MAX_CLIENTS = 100; // registration is open: keep the stub's memory bounded
const MAX_PENDING = 1_000;

/**
 * A stand-in for a real authorization server (Keycloak, Entra ID, Auth0...), for local development only:
 * it listens on 127.0.0.1, approves every authorization request as `demoUser` without asking, and keeps
 * everything in memory. It speaks what MCP clients expect: RFC 8414 metadata, a JWKS, the authorization-
 * code grant with PKCE (S256 only), one-time codes, rotating refresh tokens, dynamic client registration
 * (RFC 7591, public clients) and resource indicators (RFC 8707: a token's `aud` is the `resource` asked
 * for). The client-credentials grant serves the non-interactive client. Tokens are ES256 JWTs.
 */
export async function startAuthorizationServer(options: AuthorizationServerOptions) {
  const { generateKeyPair, exportJWK, SignJWT } = await import('jose');
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'example-key', alg: 'ES256', use: 'sig' };
  const clientSecret = randomBytes(24).toString('base64url');
  const demoUser = options.demoUser ?? 'demo-user';

  const clients = new Map<string, PublicClient>((options.publicClients ?? []).map((c) => [c.id, c]));
  const codes = new Map<string, Grant & { redirectUri: string; challenge: string; expiresAt: number }>();
  const refreshTokens = new Map<string, Grant>();

  const grantScopes = (asked: string | null) =>
    (asked ?? '').split(' ').filter((s) => s && options.allowedScopes.includes(s));

  const issueTokens = async (grant: Grant, withRefresh: boolean) => {
    const accessToken = await new SignJWT({ scope: grant.scope.join(' '), client_id: grant.clientId })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
      .setIssuer(issuer)
      .setSubject(grant.sub)
      .setAudience(grant.resource)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_S}s`)
      .sign(privateKey);
    let refresh: string | undefined;
    if (withRefresh) {
      if (refreshTokens.size >= MAX_PENDING) refreshTokens.delete(refreshTokens.keys().next().value!);
      refresh = randomBytes(32).toString('base64url');
      refreshTokens.set(refresh, grant);
    }
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_S,
      scope: grant.scope.join(' '),
      ...(refresh ? { refresh_token: refresh } : {}),
    };
  };

  const authorize = (url: URL, res: ServerResponse) => {
    const q = url.searchParams;
    const client = clients.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    // RFC 6749 §4.1.2.1: with an unknown client or redirect URI, never redirect (open-redirect guard).
    if (!client) return plain(res, 400, 'unknown client_id: register the client first');
    if (!client.redirectUris.includes(redirectUri))
      return plain(res, 400, 'redirect_uri does not exactly match one registered for this client');
    const back = (params: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      const state = q.get('state');
      if (state) target.searchParams.set('state', state);
      target.searchParams.set('iss', issuer); // RFC 9207
      res.writeHead(302, { Location: target.href, 'Cache-Control': 'no-store' }).end();
    };
    const refuse = (error: string, description: string) => back({ error, error_description: description });
    if (q.get('response_type') !== 'code') return refuse('unsupported_response_type', 'only code');
    if (!q.get('state')) return refuse('invalid_request', 'state is required');
    const challenge = q.get('code_challenge') ?? '';
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return refuse('invalid_request', 'PKCE with code_challenge_method=S256 is required');
    const resource = q.get('resource');
    if (!resource || !isResourceUrl(resource))
      return refuse('invalid_target', 'resource must name the MCP server URL (RFC 8707)');
    const scope = grantScopes(q.get('scope'));
    if (q.get('scope') && scope.length === 0) return refuse('invalid_scope', 'no requested scope is allowed');
    if (codes.size >= MAX_PENDING) codes.delete(codes.keys().next().value!);
    const code = randomBytes(32).toString('base64url');
    codes.set(code, {
      clientId: client.id,
      sub: demoUser,
      scope,
      resource,
      redirectUri,
      challenge,
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    back({ code });
  };

  const token = async (req: IncomingMessage, form: URLSearchParams) => {
    const grantType = form.get('grant_type');
    if (grantType === 'client_credentials') {
      const expected = `Basic ${Buffer.from(`${options.id}:${clientSecret}`).toString('base64')}`;
      if (!sameText(req.headers.authorization ?? '', expected))
        return [401, { error: 'invalid_client' }] as const;
      const resource = form.get('resource');
      if (!resource || !isResourceUrl(resource)) return [400, { error: 'invalid_target' }] as const;
      const grant = {
        clientId: options.id,
        sub: options.id,
        scope: grantScopes(form.get('scope')),
        resource,
      };
      return [200, await issueTokens(grant, false)] as const;
    }
    const client = clients.get(form.get('client_id') ?? '');
    if (!client) return [401, { error: 'invalid_client', error_description: 'unknown client_id' }] as const;
    const invalidGrant = (why: string) => [400, { error: 'invalid_grant', error_description: why }] as const;
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      codes.delete(code); // one attempt per code, whatever its outcome
      if (!pending || pending.expiresAt < Date.now()) return invalidGrant('unknown, used or expired code');
      if (pending.clientId !== client.id) return invalidGrant('code issued to another client');
      if (pending.redirectUri !== form.get('redirect_uri')) return invalidGrant('redirect_uri differs');
      const verifier = form.get('code_verifier') ?? '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (!sameText(computed, pending.challenge)) return invalidGrant('PKCE verification failed');
      const resource = form.get('resource');
      if (resource && resource !== pending.resource) return [400, { error: 'invalid_target' }] as const;
      const { clientId, sub, scope } = pending;
      return [200, await issueTokens({ clientId, sub, scope, resource: pending.resource }, true)] as const;
    }
    if (grantType === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      const grant = refreshTokens.get(presented);
      refreshTokens.delete(presented); // rotation: a refresh token works once
      if (!grant || grant.clientId !== client.id)
        return invalidGrant('unknown or already used refresh token');
      const resource = form.get('resource');
      if (resource && resource !== grant.resource) return [400, { error: 'invalid_target' }] as const;
      // RFC 6749 §6: a refresh may narrow the scope, never widen it.
      const asked = form.get('scope');
      const scope = asked ? grant.scope.filter((s) => asked.split(' ').includes(s)) : grant.scope;
      return [200, await issueTokens({ ...grant, scope }, true)] as const;
    }
    return [400, { error: 'unsupported_grant_type' }] as const;
  };

  const register = (body: string) => {
    if (clients.size >= MAX_CLIENTS) return [503, { error: 'temporarily_unavailable' }] as const;
    let meta: Record<string, unknown>;
    try {
      meta = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return [400, { error: 'invalid_client_metadata', error_description: 'not JSON' }] as const;
    }
    const uris = meta.redirect_uris;
    if (
      !Array.isArray(uris) ||
      uris.length === 0 ||
      !uris.every((u) => typeof u === 'string' && isRedirectUri(u))
    )
      return [
        400,
        { error: 'invalid_redirect_uri', error_description: 'redirect_uris: loopback http or https URLs' },
      ] as const;
    const method = meta.token_endpoint_auth_method ?? 'none';
    if (method !== 'none')
      return [
        400,
        {
          error: 'invalid_client_metadata',
          error_description: 'only public clients (token_endpoint_auth_method none)',
        },
      ] as const;
    const client = { id: `client-${randomBytes(12).toString('base64url')}`, redirectUris: uris as string[] };
    clients.set(client.id, client);
    return [
      201,
      {
        client_id: client.id,
        client_id_issued_at: Math.floor(Date.now() / 1000),
        redirect_uris: client.redirectUris,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        ...(typeof meta.client_name === 'string' ? { client_name: meta.client_name.slice(0, 200) } : {}),
        ...(typeof meta.scope === 'string' ? { scope: grantScopes(meta.scope).join(' ') } : {}),
      },
    ] as const;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 400, { error: 'invalid_request' });
      else res.destroy();
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Browser clients (the Inspector) call these endpoints directly; public data, no cookies.
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization, MCP-Protocol-Version',
      });
      return res.end();
    }
    const url = new URL(req.url ?? '/', issuer);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /.well-known/oauth-authorization-server') return json(res, 200, metadata());
    if (route === 'GET /jwks.json') return json(res, 200, { keys: [jwk] });
    if (route === 'GET /authorize') return authorize(url, res);
    if (route === 'POST /token') {
      const [status, body] = await token(req, new URLSearchParams(await readBody(req)));
      return json(res, status, body);
    }
    if (route === 'POST /register') {
      const [status, body] = register(await readBody(req));
      return json(res, status, body);
    }
    json(res, 404, { error: 'not_found' });
  };
  const metadata = () => ({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    registration_endpoint: `${issuer}/register`,
    jwks_uri: `${issuer}/jwks.json`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
    scopes_supported: options.allowedScopes,
    authorization_response_iss_parameter_supported: true,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    clientId: options.id,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** RFC 8707 §2: an absolute URI without a fragment. */
function isResourceUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.hash;
  } catch {
    return false;
  }
}

/** OAuth 2.1 §2.3.1 / RFC 8252 §7.3: https, or http on a loopback address only. */
function isRedirectUri(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.hash) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 16 * 1024) throw new Error('request body too large');
  }
  return body;
}
