import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { auth, UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import { startAuthorizationServer } from '../../examples/remote/authorization-server';
import { startRemoteServer } from '../../examples/remote/server';
import { freePort } from '../support/net';

/**
 * What the MCP Inspector, Claude or VS Code do with a server they know only by URL, driven by the SDK's own
 * OAuth client (`auth()`, an `OAuthClientProvider`, `StreamableHTTPClientTransport` with `authProvider`)
 * against examples/remote: 401 → protected-resource metadata (RFC 9728) → authorization-server metadata
 * (RFC 8414) → dynamic registration (RFC 7591) → authorization code with PKCE S256 and `resource`
 * (RFC 8707) → token → tools; then a scope step-up, refresh-token rotation, and what must be refused.
 */

const REDIRECT = 'http://127.0.0.1:6274/oauth/callback'; // never listened on: the test reads the redirect

/** An in-memory provider, as a desktop client keeps one per server; the "browser" is an http GET. */
class MemoryProvider implements OAuthClientProvider {
  info?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = '';
  lastState = '';
  authorizationUrl?: URL;
  discovery?: OAuthDiscoveryState;
  get redirectUrl() {
    return REDIRECT;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'oauth-flow-test',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state() {
    this.lastState = randomBytes(16).toString('base64url');
    return this.lastState;
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery') {
    if (scope === 'all' || scope === 'tokens') this.saved = undefined;
    if (scope === 'all' || scope === 'client') this.info = undefined;
  }
  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
}

/** The user agent's part: GET the authorization URL, expect a redirect to the callback, return its query. */
async function followAuthorization(url: URL): Promise<URLSearchParams> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  expect(location.origin + location.pathname).toBe(REDIRECT);
  return location.searchParams;
}

const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
const text = (result: unknown) => (result as { content: Array<{ text: string }> }).content[0].text;

describe('examples/remote: the interactive OAuth flow with the SDK client', () => {
  let as: Awaited<ReturnType<typeof startAuthorizationServer>>;
  let mcp: Awaited<ReturnType<typeof startRemoteServer>>;
  let mcpUrl: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oauth-flow-'));
    as = await startAuthorizationServer({
      id: 'example-agent',
      allowedScopes: ['docs:read', 'docs:write'],
      demoUser: 'demo-user',
      publicClients: [{ id: 'preregistered-app', redirectUris: [REDIRECT] }],
    });
    mcp = await startRemoteServer({
      issuer: as.issuer,
      port: await freePort(),
      auditFile: join(dir, 'a.jsonl'),
    });
    mcpUrl = mcp.listener.url;
  });
  afterAll(async () => {
    await mcp.server.close();
    await as.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The whole first connection: from the URL alone to an authorized transport. */
  async function connectFromNothing(provider: MemoryProvider) {
    const seen: Array<{ status: number; challenge: string | null }> = [];
    const recording = async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(input, init);
      seen.push({ status: response.status, challenge: response.headers.get('www-authenticate') });
      return response;
    };
    const first = new StreamableHTTPClientTransport(new URL(mcpUrl), {
      authProvider: provider,
      fetch: recording,
    });
    await expect(new Client({ name: 't', version: '1' }).connect(first)).rejects.toThrow(UnauthorizedError);
    const query = await followAuthorization(provider.authorizationUrl!);
    expect(query.get('state')).toBe(provider.lastState);
    expect(query.get('iss')).toBe(as.issuer);
    await first.finishAuth(query.get('code')!);
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
      authProvider: provider,
      fetch: recording,
    });
    const client = new Client({ name: 't', version: '1' });
    await client.connect(transport);
    return { client, seen };
  }

  it('goes from the server URL to tool calls: 401, discovery, DCR, PKCE code, token for this resource', async () => {
    const provider = new MemoryProvider();
    const { client, seen } = await connectFromNothing(provider);

    expect(seen[0].status).toBe(401);
    expect(seen[0].challenge).toContain('resource_metadata="');
    expect(provider.discovery?.resourceMetadata?.resource).toBe(mcpUrl);
    expect(String(provider.discovery?.authorizationServerUrl)).toBe(as.issuer);
    expect(provider.discovery?.authorizationServerMetadata?.code_challenge_methods_supported).toEqual([
      'S256',
    ]);
    expect(provider.info?.client_id).toMatch(/^client-/); // registered dynamically
    const url = provider.authorizationUrl!;
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(mcpUrl);
    expect(url.searchParams.get('scope')).toBe('docs:read'); // the 401's scope

    const token = claims(provider.saved!.access_token);
    expect(token).toMatchObject({ iss: as.issuer, sub: 'demo-user', aud: mcpUrl, scope: 'docs:read' });
    expect(provider.saved!.refresh_token).toBeTruthy();

    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['read_doc']);
    const read = await client.callTool({ name: 'read_doc', arguments: { name: 'welcome' } });
    expect(text(read)).toBe(`Hello from a remote secure-mcp server. [read by ${as.issuer}#demo-user]`);
    await client.close();
  });

  it('steps up: 403 insufficient_scope, re-authorization with the union of scopes, the call succeeds', async () => {
    const provider = new MemoryProvider();
    const { client, seen } = await connectFromNothing(provider);
    const save = { name: 'save_doc', arguments: { name: 'notes', text: 'stepped up' } };

    // SDK 1.x answers the 403 by refreshing (which cannot widen a grant, RFC 6749 §6) and gives up when the
    // retry is refused again (typescript-sdk#2255); the client then asks the user again with more scope.
    await expect(client.callTool(save)).rejects.toThrow(/403/);
    const challenge = seen.find((s) => s.status === 403)!.challenge!;
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="docs:write"');

    const granted = provider.saved!.scope!.split(' ');
    provider.invalidateCredentials('tokens');
    const wanted = [...new Set([...granted, 'docs:write'])].join(' ');
    expect(await auth(provider, { serverUrl: mcpUrl, scope: wanted })).toBe('REDIRECT');
    expect(provider.authorizationUrl!.searchParams.get('scope')).toBe('docs:read docs:write');
    const query = await followAuthorization(provider.authorizationUrl!);
    expect(await auth(provider, { serverUrl: mcpUrl, authorizationCode: query.get('code')! })).toBe(
      'AUTHORIZED',
    );
    expect(claims(provider.saved!.access_token).scope).toBe('docs:read docs:write');

    // Same session (same principal), new token: both tools now.
    expect(text(await client.callTool(save))).toBe('saved notes');
    expect(text(await client.callTool({ name: 'read_doc', arguments: { name: 'notes' } }))).toMatch(
      /^stepped up/,
    );
    await client.close();

    // The audited call is recorded for the user; no token reaches the audit log.
    let audit = '';
    for (let i = 0; i < 50 && !audit.includes('save_doc'); i++) {
      audit = readFileSync(join(dir, 'a.jsonl'), 'utf8');
      await new Promise((r) => setTimeout(r, 50)); // the audit writer flushes asynchronously
    }
    expect(audit).toContain('save_doc');
    expect(audit).toContain(`${as.issuer}#demo-user`);
    expect(audit).not.toContain(provider.saved!.access_token);
    expect(audit).not.toContain(provider.saved!.refresh_token!);
  });

  it('rotates refresh tokens: a refresh gives a new pair, the old refresh token is refused', async () => {
    const provider = new MemoryProvider();
    const { client } = await connectFromNothing(provider);
    await client.close();
    const old = provider.saved!;
    expect(await auth(provider, { serverUrl: mcpUrl })).toBe('AUTHORIZED'); // uses the refresh token
    expect(provider.saved!.refresh_token).not.toBe(old.refresh_token);
    expect(claims(provider.saved!.access_token).aud).toBe(mcpUrl);

    const reuse = await postToken({
      grant_type: 'refresh_token',
      refresh_token: old.refresh_token!,
      client_id: provider.info!.client_id,
    });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('serves a pre-registered public client without registration', async () => {
    const provider = new MemoryProvider();
    provider.info = { client_id: 'preregistered-app' };
    // Started without a 401, so no challenge scope: the SDK asks for every scope the metadata lists.
    expect(await auth(provider, { serverUrl: mcpUrl })).toBe('REDIRECT');
    const query = await followAuthorization(provider.authorizationUrl!);
    expect(await auth(provider, { serverUrl: mcpUrl, authorizationCode: query.get('code')! })).toBe(
      'AUTHORIZED',
    );
    expect(claims(provider.saved!.access_token)).toMatchObject({
      client_id: 'preregistered-app',
      aud: mcpUrl,
      scope: 'docs:read docs:write',
    });
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
    const client = new Client({ name: 't', version: '1' });
    await client.connect(transport);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['read_doc', 'save_doc']);
    await client.close();
  });

  describe('refusals', () => {
    let clientId: string;
    beforeAll(async () => {
      const response = await fetch(`${as.issuer}/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }),
      });
      expect(response.status).toBe(201);
      clientId = ((await response.json()) as { client_id: string }).client_id;
    });

    const pkce = () => {
      const verifier = randomBytes(32).toString('base64url');
      return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
    };
    const authorizeUrl = (params: Record<string, string>) => {
      const url = new URL(`${as.issuer}/authorize`);
      const defaults = {
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        state: 's1',
        scope: 'docs:read',
        resource: mcpUrl,
        code_challenge_method: 'S256',
      };
      for (const [k, v] of Object.entries({ ...defaults, ...params })) url.searchParams.set(k, v);
      return url;
    };
    const getCode = async (challenge: string, extra: Record<string, string> = {}) =>
      (await followAuthorization(authorizeUrl({ code_challenge: challenge, ...extra }))).get('code')!;
    const exchange = (code: string, verifier: string, redirectUri = REDIRECT) =>
      postToken({
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
        client_id: clientId,
      });

    it('refuses a wrong PKCE verifier, and the code is spent by the attempt', async () => {
      const { verifier, challenge } = pkce();
      const code = await getCode(challenge);
      const wrong = await exchange(code, pkce().verifier);
      expect(wrong.status).toBe(400);
      expect(await wrong.json()).toMatchObject({
        error: 'invalid_grant',
        error_description: 'PKCE verification failed',
      });
      expect((await exchange(code, verifier)).status).toBe(400);
    });

    it('refuses a reused code', async () => {
      const { verifier, challenge } = pkce();
      const code = await getCode(challenge);
      expect((await exchange(code, verifier)).status).toBe(200);
      const again = await exchange(code, verifier);
      expect(again.status).toBe(400);
      expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('refuses a redirect_uri that is not registered (without redirecting) or differs at the token endpoint', async () => {
      const { verifier, challenge } = pkce();
      const evil = await fetch(authorizeUrl({ code_challenge: challenge, redirect_uri: `${REDIRECT}/x` }), {
        redirect: 'manual',
      });
      expect(evil.status).toBe(400);
      expect(evil.headers.get('location')).toBeNull();
      expect(await evil.text()).toMatch(/redirect_uri does not exactly match/);

      const code = await getCode(challenge);
      const mismatched = await exchange(code, verifier, 'http://127.0.0.1:6274/other');
      expect(mismatched.status).toBe(400);
      expect(await mismatched.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('refuses plain PKCE, a missing resource, and registrations that are not loopback/https public clients', async () => {
      const plain = await followAuthorization(
        authorizeUrl({ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }),
      );
      expect(plain.get('error')).toBe('invalid_request');
      expect(plain.get('code')).toBeNull();
      const noResource = await followAuthorization(
        authorizeUrl({ code_challenge: pkce().challenge, resource: '' }),
      );
      expect(noResource.get('error')).toBe('invalid_target');

      const register = (body: unknown) =>
        fetch(`${as.issuer}/register`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await register({ redirect_uris: ['http://example.com/cb'] })).status).toBe(400);
      expect(
        (await register({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'client_secret_basic' }))
          .status,
      ).toBe(400);
    });

    it('a token issued for another resource (aud) is refused by the MCP server', async () => {
      const { verifier, challenge } = pkce();
      const other = 'http://127.0.0.1:1/other-mcp';
      const code = await getCode(challenge, { resource: other });
      const issued = (await (await exchange(code, verifier)).json()) as { access_token: string };
      expect(claims(issued.access_token).aud).toBe(other);
      const response = await fetch(mcpUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          Authorization: `Bearer ${issued.access_token}`,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(await response.text()).not.toContain(issued.access_token);

      // A client holding a refused token (expired, revoked, another audience) and no refresh token
      // re-authorizes with the 401's scope, not with every scope the server lists.
      const provider = new MemoryProvider();
      provider.info = { client_id: clientId };
      provider.saved = { access_token: issued.access_token, token_type: 'Bearer' };
      const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
      await expect(new Client({ name: 't', version: '1' }).connect(transport)).rejects.toThrow(
        UnauthorizedError,
      );
      expect(provider.authorizationUrl!.searchParams.get('scope')).toBe('docs:read');
    });
  });

  const postToken = (form: Record<string, string>) =>
    fetch(`${as.issuer}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
});
