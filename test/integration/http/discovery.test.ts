import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import {
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { OAuthProtectedResourceMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { Prompt, Resource, Scopes, Tool } from '../../../src';
import { AUDIENCE, connectClient, INIT, rawPost, SECRET, startHttp, token, type Started } from './helpers';
import { runs, WhoAmITool, WriteDocsTool } from './tools';

const ISSUER = 'https://as.test';
let s: Started;
let wellKnown: string;
beforeAll(async () => {
  s = await startHttp([WhoAmITool, WriteDocsTool], {
    auth: { audience: AUDIENCE, key: SECRET, issuer: ISSUER, challengeScopes: ['docs:read'] },
  });
  wellKnown = `http://127.0.0.1:${s.listener.port}/.well-known/oauth-protected-resource/mcp`;
});
afterAll(() => s.server.close());

const signed = (claims: Record<string, unknown>, subject = 'alice') =>
  token({ iss: ISSUER, ...claims }, { subject });

describe('RFC 9728 protected-resource metadata', () => {
  it('is served at the path-aware well-known URL and at the root one, without a token, to any origin', async () => {
    for (const url of [wellKnown, wellKnown.replace(/\/mcp$/, '')]) {
      const res = await fetch(url, { headers: { Origin: 'https://any.example' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const document = OAuthProtectedResourceMetadataSchema.parse(await res.json());
      expect(document).toEqual({
        resource: s.listener.url,
        authorization_servers: [ISSUER],
        scopes_supported: ['docs:read', 'docs:write'], // the challenge scope, then every @Scopes
        bearer_methods_supported: ['header'],
      });
    }
  });

  it("is found by the SDK client's discovery from the 401's resource_metadata", async () => {
    const res = await fetch(s.listener.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify(INIT),
    });
    expect(res.status).toBe(401);
    const { resourceMetadataUrl, scope, error } = extractWWWAuthenticateParams(res);
    expect(resourceMetadataUrl?.href).toBe(wellKnown);
    expect(scope).toBe('docs:read');
    expect(error).toBeUndefined();
    const document = await discoverOAuthProtectedResourceMetadata(s.listener.url, { resourceMetadataUrl });
    expect(document.authorization_servers).toEqual([ISSUER]);
    // And without the hint, from the path-aware URL the SDK derives itself.
    expect((await discoverOAuthProtectedResourceMetadata(s.listener.url)).resource).toBe(s.listener.url);
  });

  it('names publicUrl (behind a proxy) as the resource, and serves the metadata under its path', async () => {
    const proxied = await startHttp([WhoAmITool], {
      publicUrl: 'https://mcp.example.com/tenant/mcp',
      auth: { audience: AUDIENCE, key: SECRET, authorizationServers: ['https://login.example.com'] },
    });
    try {
      const base = `http://127.0.0.1:${proxied.listener.port}`;
      const res = await fetch(`${base}/.well-known/oauth-protected-resource/tenant/mcp`);
      expect(await res.json()).toEqual({
        resource: 'https://mcp.example.com/tenant/mcp',
        authorization_servers: ['https://login.example.com'],
        bearer_methods_supported: ['header'],
      });
      const challenge = (await rawPost(proxied.listener.url, {}, JSON.stringify(INIT))).headers[
        'www-authenticate'
      ];
      expect(challenge).toBe(
        'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/tenant/mcp"',
      );
      // The proxy forwards the public Host: it names this server.
      const viaProxy = await rawPost(proxied.listener.url, { Host: 'mcp.example.com' }, JSON.stringify(INIT));
      expect(viaProxy.status).toBe(401);
    } finally {
      await proxied.server.close();
    }
  });

  it('still checks Host on the metadata path', async () => {
    const res = await rawGet(wellKnown, { Host: 'evil.example' });
    expect(res.status).toBe(403);
  });
});

describe('401 challenges', () => {
  it('answers an invalid token with error="invalid_token", the configured scopes and the metadata URL', async () => {
    const res = await rawPost(
      s.listener.url,
      { Authorization: `Bearer ${await signed({}).then((t) => t.slice(0, -4) + 'AAAA')}` },
      JSON.stringify(INIT),
    );
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(
      // The scope too: a client re-authorizing after an expired token asks for it, not for every scope.
      `Bearer error="invalid_token", scope="docs:read", resource_metadata="${wellKnown}"`,
    );
  });

  it('answers a missing token with the metadata URL and the configured scopes', async () => {
    const res = await rawPost(s.listener.url, {}, JSON.stringify(INIT));
    expect(res.headers['www-authenticate']).toBe(
      `Bearer scope="docs:read", resource_metadata="${wellKnown}"`,
    );
  });
});

describe('403 insufficient_scope (step-up) at tools/call', () => {
  it('refuses a call of a tool whose scope the token lacks, naming the scope, without running it', async () => {
    const bearer = await signed({ scope: 'docs:read' });
    const { client, transport } = await connectClient(s.listener.url, bearer);
    const before = runs.write;
    await expect(client.callTool({ name: 'write_docs', arguments: {} })).rejects.toMatchObject({ code: 403 });
    expect(runs.write).toBe(before);

    const call = {
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'write_docs', arguments: {} },
    };
    const res = await rawPost(
      s.listener.url,
      {
        Authorization: `Bearer ${bearer}`,
        'Mcp-Session-Id': transport.sessionId!,
        'Mcp-Protocol-Version': '2025-06-18',
      },
      JSON.stringify(call),
    );
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer error="insufficient_scope", error_description="calling write_docs requires the scope(s) docs:write", ' +
        `scope="docs:write", resource_metadata="${wellKnown}"`,
    );
    // The session is untouched: other calls go on.
    expect(((await client.callTool({ name: 'whoami', arguments: {} })).content as never)[0]).toEqual({
      type: 'text',
      text: `principal=${ISSUER}#alice`,
    });
    await client.close();
  });

  it('records the refusal in the audit log as a scope denial of that principal', async () => {
    const auditText = () => readFileSync(s.server.auditFile, 'utf8');
    const { client } = await connectClient(s.listener.url, await signed({}, 'dave'));
    await expect(client.callTool({ name: 'write_docs', arguments: {} })).rejects.toMatchObject({ code: 403 });
    await client.close();
    const deadline = Date.now() + 3000;
    while (!auditText().includes('dave') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const records = auditText()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.filter((r) => r.principal === `${ISSUER}#dave`)).toEqual([
      expect.objectContaining({ tool: 'write_docs', outcome: 'denied', reason: 'scope' }),
    ]);
  });

  it('lets the call through once the token has the scope', async () => {
    const { client } = await connectClient(s.listener.url, await signed({ scope: 'docs:write' }));
    expect(((await client.callTool({ name: 'write_docs', arguments: {} })).content as never)[0]).toEqual({
      type: 'text',
      text: 'written',
    });
    await client.close();
  });
});

function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    request({ host: target.hostname, port: target.port, path: target.pathname, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    })
      .on('error', reject)
      .end();
  });
}

@Resource({ uri: 'docs://index', name: 'index' })
@Scopes('docs:index')
class IndexResource {
  read() {
    return 'index';
  }
}

@Prompt({ name: 'brief', description: 'Needs docs:prompt' })
@Scopes('docs:prompt')
class BriefPrompt {
  render() {
    return 'brief';
  }
}

class NoInput {}

@Tool({ name: 'admin', description: 'Needs docs:admin', input: NoInput })
@Scopes('docs:admin')
class AdminTool {
  execute() {
    return 'admin';
  }
}

describe('scopes of resources, prompts and tools added at run time', () => {
  it('are published in scopes_supported, and get the step-up 403 (tools/call, resources/read, prompts/get)', async () => {
    const live = await startHttp([WhoAmITool, WriteDocsTool], {
      auth: { audience: AUDIENCE, key: SECRET },
    });
    try {
      const metadata = `http://127.0.0.1:${live.listener.port}/.well-known/oauth-protected-resource/mcp`;
      const scopes = async () =>
        ((await (await fetch(metadata)).json()) as { scopes_supported: string[] }).scopes_supported;
      expect(await scopes()).toEqual(['docs:write']);
      await live.server.add(IndexResource, BriefPrompt, AdminTool);
      expect(await scopes()).toEqual(['docs:admin', 'docs:index', 'docs:prompt', 'docs:write']);
      const { client } = await connectClient(live.listener.url, await token({ scope: 'docs:write' }));
      await expect(client.callTool({ name: 'admin', arguments: {} })).rejects.toMatchObject({ code: 403 });
      // Resources and prompts get the same step-up answer, naming their own scope.
      await expect(client.readResource({ uri: 'docs://index' })).rejects.toMatchObject({
        code: 403,
        message: expect.stringMatching(/reading resource index requires the scope\(s\) docs:index/),
      });
      await expect(client.getPrompt({ name: 'brief' })).rejects.toMatchObject({
        code: 403,
        message: expect.stringMatching(/getting prompt brief requires the scope\(s\) docs:prompt/),
      });
      await client.close();
      const reader = await connectClient(live.listener.url, await token({ scope: 'docs:index' }));
      expect(await reader.client.readResource({ uri: 'docs://index' })).toMatchObject({
        contents: [expect.objectContaining({ text: 'index' })],
      });
      await reader.client.close();
    } finally {
      await live.server.close();
    }
  });
});
