import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Principal } from '../../context';

/**
 * The principal of each HTTP request travels to the tool handlers inside the SDK's `authInfo`. It is kept
 * in a WeakMap keyed by that object rather than in `authInfo.extra`, so nothing but this module can mint
 * one, and the raw bearer token is not carried at all (tools must not pass the caller's token on to other
 * services).
 */
const principals = new WeakMap<AuthInfo, Principal>();

export function toAuthInfo(principal: Principal, expiresAt?: number): AuthInfo {
  const info: AuthInfo = {
    token: '',
    clientId: principal.id,
    scopes: [...(principal.scopes ?? [])],
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  principals.set(info, principal);
  return info;
}

/**
 * The `resolvePrincipal` of the SDK adapter: undefined (→ the default principal) unless HTTP authenticated.
 */
export function principalFromAuthInfo(authInfo: unknown): Principal | undefined {
  return authInfo && typeof authInfo === 'object' ? principals.get(authInfo as AuthInfo) : undefined;
}

/**
 * Builds the principal from verified JWT claims: `sub` is the id; scopes come from `scope` (space-separated,
 * RFC 8693) or `scp` (array or string). A token without scopes gets an empty list, never `undefined`: an
 * undefined list means "not scope-checked" (stdio), which an HTTP caller must never get.
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal | undefined {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  return { id: sub, scopes: readScopes(claims), claims: Object.freeze({ ...claims }) };
}

function readScopes(claims: Record<string, unknown>): string[] {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string');
  return [];
}

/** Sessions are bound to this key: the same subject from another issuer is another principal. */
export function bindingKey(principal: Principal): string {
  const iss = principal.claims?.iss;
  return JSON.stringify([typeof iss === 'string' ? iss : '', principal.id]);
}
