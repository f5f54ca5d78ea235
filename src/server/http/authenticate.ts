import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '../sdk-lines/mcp-types';
import type { Principal } from '../../context';
import type { Logger } from '../../logging/logger';
import { bearerToken } from './bearer';
import { IntrospectionUnavailable } from './introspect';
import type { HttpAuthOptions } from './options';
import { toAuthInfo } from './principal';
import { createTokenVerifier, type SecretByName } from './verify-token';

export type AuthResult =
  | {
      ok: true;
      /** session binding key */ owner: string;
      principal?: Principal;
      authInfo?: AuthInfo;
      /** When the token stops being accepted (ms since the epoch, clock tolerance included). */
      validUntilMs?: number;
    }
  | {
      ok: false;
      /** RFC 6750 error code for `WWW-Authenticate` */ error?: 'invalid_token';
      /** The authorization server could not be asked (introspection): 503, the token may be fine. */
      unavailable?: boolean;
    };

export type Authenticator = (req: IncomingMessage) => Promise<AuthResult>;

/**
 * Every request presents its token (sessions do not carry authentication), so expiry and revocation apply
 * mid-session.
 */
export async function createAuthenticator(
  auth: HttpAuthOptions | false,
  logger: Logger,
  secretByName: SecretByName,
): Promise<Authenticator> {
  if (auth === false) return async () => ({ ok: true, owner: 'anonymous' });
  const verify = await createTokenVerifier(
    auth,
    (reason) => logger.warn('HTTP request with an invalid bearer token refused', { reason }),
    secretByName,
  );
  const toleranceMs = (auth.clockToleranceSec ?? 5) * 1000;
  return async (req) => {
    const token = bearerToken(req);
    if (!token) return { ok: false };
    let verified;
    try {
      verified = await verify(token);
    } catch (error) {
      if (!(error instanceof IntrospectionUnavailable)) throw error;
      logger.warn('token introspection unavailable; request refused with 503', { reason: error.message });
      return { ok: false, unavailable: true };
    }
    if (!verified) return { ok: false, error: 'invalid_token' };
    const { principal, expiresAt } = verified;
    return {
      ok: true,
      owner: principal.id,
      principal,
      authInfo: toAuthInfo(principal, expiresAt),
      ...(expiresAt === undefined ? {} : { validUntilMs: expiresAt * 1000 + toleranceMs }),
    };
  };
}
