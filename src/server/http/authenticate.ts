import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Logger } from '../../logging/logger';
import { bearerToken } from './bearer';
import type { HttpAuthOptions } from './options';
import { bindingKey, toAuthInfo } from './principal';
import { createTokenVerifier } from './verify-token';

export type AuthResult =
  | { ok: true; /** session binding key */ owner: string; authInfo?: AuthInfo }
  | { ok: false; /** RFC 6750 error code for `WWW-Authenticate` */ error?: 'invalid_token' };

export type Authenticator = (req: IncomingMessage) => Promise<AuthResult>;

/**
 * Every request presents its token (sessions do not carry authentication), so expiry and revocation apply
 * mid-session.
 */
export async function createAuthenticator(
  auth: HttpAuthOptions | false,
  logger: Logger,
): Promise<Authenticator> {
  if (auth === false) return async () => ({ ok: true, owner: 'anonymous' });
  const verify = await createTokenVerifier(auth, (reason) =>
    logger.warn('HTTP request with an invalid bearer token refused', { reason }),
  );
  return async (req) => {
    const token = bearerToken(req);
    if (!token) return { ok: false };
    const verified = await verify(token);
    if (!verified) return { ok: false, error: 'invalid_token' };
    return {
      ok: true,
      owner: bindingKey(verified.principal),
      authInfo: toAuthInfo(verified.principal, verified.expiresAt),
    };
  };
}
