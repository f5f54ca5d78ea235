import { createSecretKey } from 'node:crypto';
import { StartupError } from '../../errors';
import type { Principal } from '../../context';
import type { HttpAuthOptions } from './options';
import { principalFromClaims } from './principal';

export interface Verified {
  principal: Principal;
  /** `exp` of the token, seconds since the epoch. */
  expiresAt?: number;
}

/**
 * Verifies a bearer token; resolves undefined for any invalid token (the reason is not the client's
 * business).
 */
export type TokenVerifier = (token: string) => Promise<Verified | undefined>;

// jose is ESM-only; this package is CommonJS, so it is loaded with a real dynamic import, once.
type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
let jose: Promise<Jose> | undefined;
const loadJose = (): Promise<Jose> => (jose ??= import('jose'));

/** Builds the verifier once at start-up (key material and JWKS fetcher are reused across requests). */
export async function createTokenVerifier(
  options: HttpAuthOptions,
  onError: (reason: string) => void,
): Promise<TokenVerifier> {
  if (!options || (Array.isArray(options.audience) ? options.audience.length === 0 : !options.audience)) {
    throw new StartupError('listenHttp: auth.audience is required (or set `auth: false` explicitly)');
  }
  if ((options.jwksUrl === undefined) === (options.key === undefined)) {
    throw new StartupError('listenHttp: give exactly one of auth.jwksUrl and auth.key');
  }
  const { jwtVerify, createRemoteJWKSet, importJWK } = await loadJose();
  const key =
    options.jwksUrl !== undefined
      ? createRemoteJWKSet(new URL(options.jwksUrl))
      : await localKey(options.key as NonNullable<HttpAuthOptions['key']>, importJWK);
  const verifyOptions = {
    audience: options.audience,
    issuer: options.issuer,
    algorithms: options.algorithms,
    clockTolerance: options.clockToleranceSec ?? 5,
    requiredClaims: ['sub', 'exp'],
  };
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as never, verifyOptions);
      const principal = principalFromClaims(payload as Record<string, unknown>);
      return principal ? { principal, expiresAt: payload.exp } : undefined;
    } catch (error) {
      // jose's messages name the failed check (audience, expiry...), never the token itself.
      onError((error as Error).message);
      return undefined;
    }
  };
}

async function localKey(key: NonNullable<HttpAuthOptions['key']>, importJWK: Jose['importJWK']) {
  if (typeof key === 'string') {
    if (key.length < 32) throw new StartupError('listenHttp: an HMAC secret must be at least 32 characters');
    return createSecretKey(Buffer.from(key, 'utf8'));
  }
  if (key instanceof Uint8Array) return key;
  if ('kty' in key) return importJWK(key as never);
  return key; // KeyObject or CryptoKey
}
