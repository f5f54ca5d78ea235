import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

type Say = (line: string) => void;

/**
 * What an MCP client does with a server it knows only by URL: call it, read the 401's
 * `WWW-Authenticate`, follow `resource_metadata` to the protected-resource metadata (RFC 9728), from there
 * to the authorization server's metadata (RFC 8414), get a token for this resource (RFC 8707), and connect.
 * Interactive clients use the authorization-code flow at that step; this one holds client credentials.
 */
export async function discoverAndCall(
  mcpUrl: string,
  credentials: { clientId: string; clientSecret: string },
  say: Say,
): Promise<void> {
  const probe = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'ping' }),
  });
  const challenge = extractWWWAuthenticateParams(probe);
  say(
    `1. ${probe.status} from ${mcpUrl}: resource_metadata=${challenge.resourceMetadataUrl?.href}, scope=${challenge.scope}`,
  );

  const resource = await discoverOAuthProtectedResourceMetadata(mcpUrl, {
    resourceMetadataUrl: challenge.resourceMetadataUrl,
  });
  const issuer = resource.authorization_servers?.[0];
  if (!issuer) throw new Error('the server names no authorization server');
  say(
    `2. resource ${resource.resource}: authorization server ${issuer}, scopes ${resource.scopes_supported?.join(' ')}`,
  );

  const as = await discoverAuthorizationServerMetadata(issuer);
  if (!as?.token_endpoint) throw new Error('the authorization server has no token endpoint');
  say(`3. token endpoint ${as.token_endpoint}`);

  const getToken = async (scope: string) => {
    const response = await fetch(as.token_endpoint, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource: resource.resource }),
    });
    if (!response.ok) throw new Error(`token request failed: ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  const connect = async (token: string) => {
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: 'remote-example-client', version: '1.0.0' });
    await client.connect(transport);
    return client;
  };
  const text = (result: unknown) => (result as { content: Array<{ text: string }> }).content[0].text;

  const reader = await connect(await getToken(challenge.scope ?? ''));
  const tools = await reader.listTools();
  say(`4. connected with scope "${challenge.scope}": tools ${tools.tools.map((t) => t.name).join(', ')}`);
  say(`5. read_doc → ${text(await reader.callTool({ name: 'read_doc', arguments: { name: 'welcome' } }))}`);

  // Step-up: a tool needing a scope the token lacks is answered 403 insufficient_scope, naming the scope.
  const stepUp = await fetch(mcpUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      Authorization: `Bearer ${await getToken(challenge.scope ?? '')}`,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'save_doc', arguments: { name: 'n', text: 't' } },
    }),
  });
  const needed = extractWWWAuthenticateParams(stepUp);
  say(`6. save_doc without its scope → ${stepUp.status} ${needed.error}, scope=${needed.scope}`);
  await reader.close();

  const writer = await connect(await getToken(`${challenge.scope} ${needed.scope}`));
  say(
    `7. with the new token: save_doc → ${text(await writer.callTool({ name: 'save_doc', arguments: { name: 'notes', text: 'stepped up' } }))}`,
  );
  await writer.close();
}
