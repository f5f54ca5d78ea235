import type { AuthInfo } from '../sdk-lines/mcp-types';
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
 * Builds the principal from verified token claims (a JWT's, or an introspection answer's): the id is
 * {@link principalId} of `iss` and `sub`; scopes come from `scope` (space-separated, RFC 8693) or `scp`
 * (array or string). A token without scopes gets an empty list, never `undefined`: an undefined list means
 * "not scope-checked" (stdio), which an HTTP caller must never get.
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal | undefined {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  const iss = typeof claims.iss === 'string' ? claims.iss : undefined;
  // Frozen: a verified principal is cached and shared by every request with the same token.
  return Object.freeze({
    id: principalId(iss, sub),
    scopes: Object.freeze(readScopes(claims)),
    claims: Object.freeze({ ...claims }),
  });
}

/**
 * `iss#sub`: the same `sub` from two issuers is two principals (rate-limit keys, sessions, audit identity).
 * A `#` in `iss` is escaped and a bare `sub` containing `#` is prefixed with one, so no two (iss, sub) pairs
 * share an id. A token without `iss` (only when no issuer is configured) is its `sub` alone.
 */
export function principalId(iss: string | undefined, sub: string): string {
  if (!iss) return sub.includes('#') ? `#${sub}` : sub;
  return `${iss.replaceAll('%', '%25').replaceAll('#', '%23')}#${sub}`;
}

function readScopes(claims: Record<string, unknown>): string[] {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string');
  return [];
}
