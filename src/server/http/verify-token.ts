import { createHash } from 'node:crypto';
import { StartupError } from '../../errors';
import { BoundedCache } from './bounded-cache';
import type { Principal } from '../../context';
import { createIntrospectionVerifier } from './introspect';
import { localKey } from './local-key';
import type { HttpAuthOptions, IntrospectionOptions } from './options';
import { principalFromClaims } from './principal';

export interface Verified {
  principal: Principal;
  /** `exp` of the token, seconds since the epoch. */
  expiresAt?: number;
}

/**
 * Verifies a bearer token; resolves undefined for any invalid token (the reason is not the client's
 * business). Rejects with `IntrospectionUnavailable` when the authorization server cannot be asked.
 */
export type TokenVerifier = (token: string) => Promise<Verified | undefined>;

/** Resolves a secret by name, like `@Secret` (used for the introspection client secret). */
export type SecretByName = (name: string, usedBy: string) => Promise<string>;

/** A verified JWT is reused this long at most (and never past its `exp`), so a JWKS key removal applies. */
const VERIFIED_TTL_MS = 60_000;
const MAX_VERIFIED_ENTRIES = 10_000;

// jose is ESM-only; this package is CommonJS, so it is loaded with a real dynamic import, once.
type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
let jose: Promise<Jose> | undefined;
const loadJose = (): Promise<Jose> => (jose ??= import('jose'));

/** Builds the verifier once at start-up (key material, JWKS fetcher, introspection cache are reused). */
export async function createTokenVerifier(
  options: HttpAuthOptions,
  onError: (reason: string) => void,
  secretByName: SecretByName,
): Promise<TokenVerifier> {
  if (!options || (Array.isArray(options.audience) ? options.audience.length === 0 : !options.audience)) {
    throw new StartupError('listenHttp: auth.audience is required (or set `auth: false` explicitly)');
  }
  const sources = [options.jwksUrl, options.key, options.introspection].filter((s) => s !== undefined);
  if (sources.length !== 1) {
    throw new StartupError('listenHttp: give exactly one of auth.jwksUrl, auth.key and auth.introspection');
  }
  if (options.maxTokenAgeSec !== undefined && !(options.maxTokenAgeSec > 0)) {
    throw new StartupError('listenHttp: auth.maxTokenAgeSec must be a positive number of seconds');
  }
  if (options.introspection) {
    const { clientSecret } = options.introspection;
    const secret = await secretByName(clientSecret, 'listenHttp auth.introspection.clientSecret');
    const withIntrospection = options as HttpAuthOptions & { introspection: IntrospectionOptions };
    return createIntrospectionVerifier(withIntrospection, secret, onError);
  }
  const { jwtVerify, createRemoteJWKSet } = await loadJose();
  const key =
    options.jwksUrl !== undefined
      ? createRemoteJWKSet(new URL(options.jwksUrl))
      : localKey(options.key as NonNullable<HttpAuthOptions['key']>);
  const verifyOptions = {
    audience: options.audience,
    issuer: options.issuer,
    algorithms: options.algorithms,
    clockTolerance: options.clockToleranceSec ?? 5,
    requiredClaims: ['sub', 'exp'],
    ...(options.maxTokenAgeSec === undefined ? {} : { maxTokenAge: options.maxTokenAgeSec }),
  };
  const clock = options.clock ?? Date.now;
  // Verifying a signature costs 60-180 µs a request; the answer for a token cannot change before the first
  // of: its exp, its maximum age, the cache TTL. Keyed by a hash, so bearer tokens are not kept in memory.
  const verified = new BoundedCache<Verified>(MAX_VERIFIED_ENTRIES, clock);
  const toleranceMs = verifyOptions.clockTolerance * 1000;
  return async (token) => {
    const cacheKey = createHash('sha256').update(token).digest('base64url');
    const hit = verified.get(cacheKey);
    if (hit) return hit;
    try {
      const { payload } = await jwtVerify(token, key, {
        ...verifyOptions,
        currentDate: new Date(clock()),
      });
      const principal = principalFromClaims(payload as Record<string, unknown>);
      if (!principal) return undefined;
      const result = { principal, expiresAt: payload.exp };
      let until = Math.min(clock() + VERIFIED_TTL_MS, (payload.exp as number) * 1000 + toleranceMs);
      if (options.maxTokenAgeSec !== undefined && payload.iat !== undefined) {
        until = Math.min(until, (payload.iat + options.maxTokenAgeSec) * 1000 + toleranceMs);
      }
      verified.set(cacheKey, result, until);
      return result;
    } catch (error) {
      // jose's messages name the failed check (audience, expiry...), never the token itself.
      onError((error as Error).message);
      return undefined;
    }
  };
}
