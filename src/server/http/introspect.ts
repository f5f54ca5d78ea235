import { createHash } from 'node:crypto';
import { StartupError } from '../../errors';
import { BoundedCache } from './bounded-cache';
import { isLoopback } from './check-origin';
import type { HttpAuthOptions, IntrospectionOptions } from './options';
import { principalFromClaims } from './principal';
import type { TokenVerifier, Verified } from './verify-token';

const DEFAULT_CACHE_TTL_SEC = 300;
const DEFAULT_MAX_CACHE_ENTRIES = 10_000;
const DEFAULT_TIMEOUT_MS = 5_000;
/** A refused token is remembered briefly, so a client retrying garbage does not load the server's AS. */
const NEGATIVE_TTL_MS = 30_000;

/** Thrown when the authorization server cannot answer: the request is refused with 503, not 401. */
export class IntrospectionUnavailable extends Error {}

/**
 * RFC 7662: asks the authorization server whether an opaque token is active, authenticating with
 * `client_secret_basic`. The answer must be `active: true` and carry `sub`, an `aud` naming this server
 * (audience is never skipped), and `exp` in the future; `iss` must match `auth.issuer` when set. Answers are
 * cached under a hash of the token (the raw token is not kept) until `exp`, at most `cacheTtlSec`; concurrent
 * checks of the same token share one request.
 */
export function createIntrospectionVerifier(
  options: HttpAuthOptions & { introspection: IntrospectionOptions },
  clientSecret: string,
  onError: (reason: string) => void,
): TokenVerifier {
  const config = options.introspection;
  const url = new URL(config.url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new StartupError(
      'listenHttp: auth.introspection.url must use https (http only on loopback): the client secret travels with every request',
    );
  }
  const authorization =
    'Basic ' +
    Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(clientSecret)}`).toString(
      'base64',
    );
  const audiences = [options.audience].flat();
  const issuers = options.issuer === undefined ? undefined : [options.issuer].flat();
  const ttlMs = (config.cacheTtlSec ?? DEFAULT_CACHE_TTL_SEC) * 1000;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const toleranceSec = options.clockToleranceSec ?? 5;
  const cache = new BoundedCache<Promise<Verified | undefined>>(
    config.maxCacheEntries ?? DEFAULT_MAX_CACHE_ENTRIES,
  );

  const judge = (answer: Record<string, unknown>): Verified | string => {
    if (answer.active !== true) return 'token is not active';
    const now = Date.now() / 1000;
    if (typeof answer.exp !== 'number') return 'introspection answer has no exp';
    if (answer.exp + toleranceSec <= now) return 'token expired';
    if (typeof answer.nbf === 'number' && answer.nbf - toleranceSec > now) return 'token not yet valid';
    const aud = [answer.aud].flat();
    if (!aud.some((a) => typeof a === 'string' && audiences.includes(a))) return 'audience mismatch';
    if (issuers && !(typeof answer.iss === 'string' && issuers.includes(answer.iss)))
      return 'issuer mismatch';
    if (options.maxTokenAgeSec !== undefined) {
      if (typeof answer.iat !== 'number') return 'token has no iat';
      if (now - answer.iat > options.maxTokenAgeSec + toleranceSec) return 'token is too old';
    }
    const principal = principalFromClaims(answer);
    return principal ? { principal, expiresAt: answer.exp } : 'token has no sub';
  };

  const ask = async (token: string): Promise<Record<string, unknown>> => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          Authorization: authorization,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new IntrospectionUnavailable(`introspection request failed: ${(error as Error).message}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new IntrospectionUnavailable(`introspection endpoint answered ${response.status}`);
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (!answer || typeof answer !== 'object' || Array.isArray(answer)) {
      throw new IntrospectionUnavailable('introspection endpoint did not answer a JSON object');
    }
    return answer as Record<string, unknown>;
  };

  return (token) => {
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = cache.get(key);
    if (cached) return cached;
    const pending = ask(token).then(
      (answer) => {
        const verdict = judge(answer);
        if (typeof verdict === 'string') {
          onError(verdict);
          cache.set(key, pending, Date.now() + Math.min(ttlMs, NEGATIVE_TTL_MS));
          return undefined;
        }
        cache.set(key, pending, Math.min(Date.now() + ttlMs, (verdict.expiresAt ?? 0) * 1000));
        return verdict;
      },
      (error: unknown) => {
        cache.delete(key); // an outage is not remembered: the next request asks again
        throw error;
      },
    );
    cache.set(key, pending, Date.now() + timeoutMs + 1000);
    return pending;
  };
}
