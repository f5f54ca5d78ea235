import type { ServerResponse } from 'node:http';
import type { OAuthProtectedResourceMetadata } from '../sdk-lines/mcp-types';
import type { HttpAuthOptions } from './options';

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/**
 * RFC 9728 protected-resource metadata, computed once at start-up: where clients find out which
 * authorization server issues tokens for this server and which scopes exist. It is public (no token, any
 * origin may read it), and served at the path-aware well-known URL and at the root one.
 */
export interface ResourceMetadata {
  /** `https://host/.well-known/oauth-protected-resource/mcp`, named in every `WWW-Authenticate`. */
  readonly url: string;
  /** Request paths that serve the document. */
  readonly paths: ReadonlySet<string>;
  document(): OAuthProtectedResourceMetadata;
  serve(res: ServerResponse, method: string | undefined): void;
}

export function createResourceMetadata(
  resource: string,
  auth: HttpAuthOptions,
  scopesSupported: () => readonly string[],
): ResourceMetadata {
  const url = new URL(resource);
  const rsPath = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  const metadataUrl = new URL(WELL_KNOWN + rsPath, url).href;
  const authorizationServers = auth.authorizationServers ?? (auth.issuer ? [auth.issuer].flat() : []);
  // Built per request (rare): tools, resources and prompts can be added at run time.
  const document = (): OAuthProtectedResourceMetadata => {
    // The scopes the 401 tells clients to ask for are scopes of this resource too, even if no tool needs them.
    const scopes = [...new Set([...(auth.challengeScopes ?? []), ...scopesSupported()])];
    return {
      resource: url.href,
      ...(authorizationServers.length > 0 ? { authorization_servers: authorizationServers } : {}),
      ...(scopes.length > 0 ? { scopes_supported: [...scopes] } : {}),
      bearer_methods_supported: ['header'],
    };
  };
  return {
    url: metadataUrl,
    paths: new Set([WELL_KNOWN + rsPath, WELL_KNOWN]),
    document,
    serve(res, method) {
      if (method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET',
          'Access-Control-Max-Age': '86400',
        });
        res.end();
        return;
      }
      if (method !== 'GET' && method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD, OPTIONS' }).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Cache-Control': 'public, max-age=3600',
        'Access-Control-Allow-Origin': '*',
      });
      res.end(method === 'HEAD' ? undefined : JSON.stringify(document()));
    },
  };
}

/** A `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3), parameters in a fixed order. */
export function bearerChallenge(params: {
  resourceMetadata?: string;
  error?: 'invalid_token' | 'insufficient_scope';
  description?: string;
  scope?: readonly string[];
}): string {
  const parts: string[] = [];
  if (params.error) parts.push(`error="${params.error}"`);
  if (params.description) parts.push(`error_description="${quoted(params.description)}"`);
  if (params.scope && params.scope.length > 0) parts.push(`scope="${quoted(params.scope.join(' '))}"`);
  if (params.resourceMetadata) parts.push(`resource_metadata="${quoted(params.resourceMetadata)}"`);
  return parts.length > 0 ? `Bearer ${parts.join(', ')}` : 'Bearer';
}

// RFC 6750 forbids `"` and `\` inside these values; scopes and our own texts never hold them, URLs are encoded.
function quoted(value: string): string {
  return value.replace(/["\\]/g, '');
}
