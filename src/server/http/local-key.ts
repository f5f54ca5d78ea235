import { createPublicKey, createSecretKey, KeyObject, type webcrypto } from 'node:crypto';
import { StartupError } from '../../errors';

/** HMAC keys shorter than this are refused: they can be brute-forced from one token (RFC 7518 §3.2). */
export const MIN_HMAC_KEY_BYTES = 32;

const PEM = /^\s*-----BEGIN ([A-Z0-9 ]+)-----/;

/**
 * Turns `auth.key` into a key jose can verify with, refusing configurations that would be unsafe: a PEM text
 * is always a public key (used as an HMAC secret, anyone holding the public key could mint tokens), a PEM
 * private key or an unparseable PEM stops start-up, and an HMAC key of any form must be 32 bytes or more.
 */
export function localKey(key: string | Uint8Array | object): KeyObject | object {
  if (typeof key === 'string' || key instanceof Uint8Array) {
    const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
    const label = PEM.exec(bytes.subarray(0, 64).toString('latin1'))?.[1];
    return label === undefined ? hmacKey(bytes) : publicKeyFromPem(bytes, label);
  }
  if (key instanceof KeyObject) {
    if (key.type === 'private') throw privateKeyGiven();
    if (key.type === 'secret') checkHmacLength(key.symmetricKeySize ?? 0);
    return key;
  }
  if (isCryptoKey(key)) {
    if (key.type === 'private') throw privateKeyGiven();
    if (key.type === 'secret') checkHmacLength(((key.algorithm as { length?: number }).length ?? 0) / 8);
    return key;
  }
  const jwk = key as { kty?: unknown; k?: unknown; d?: unknown };
  if (jwk.kty === 'oct') {
    if (typeof jwk.k !== 'string') throw new StartupError('listenHttp: auth.key is an `oct` JWK without `k`');
    checkHmacLength(Buffer.from(jwk.k, 'base64url').length);
  } else if (jwk.d !== undefined) throw privateKeyGiven();
  return key;
}

function hmacKey(bytes: Buffer): KeyObject {
  checkHmacLength(bytes.length);
  return createSecretKey(bytes);
}

function publicKeyFromPem(pem: Buffer, label: string): KeyObject {
  if (label.includes('PRIVATE')) throw privateKeyGiven();
  try {
    return createPublicKey(pem); // SPKI, PKCS#1 and X.509 certificates
  } catch {
    throw new StartupError(
      `listenHttp: auth.key is a PEM "${label}" that could not be read as a public key or certificate`,
    );
  }
}

function checkHmacLength(bytes: number): void {
  if (bytes < MIN_HMAC_KEY_BYTES) {
    throw new StartupError(
      `listenHttp: an HMAC secret must be at least ${MIN_HMAC_KEY_BYTES} bytes (this one has ${bytes})`,
    );
  }
}

function privateKeyGiven(): StartupError {
  return new StartupError(
    'listenHttp: auth.key is a private key; give the public key (the server verifies, it never signs)',
  );
}

// The global CryptoKey class (node >= 19; `webcrypto.CryptoKey` is undefined at run time on node 20).
const CryptoKeyClass = (globalThis as { CryptoKey?: new () => webcrypto.CryptoKey }).CryptoKey;

function isCryptoKey(key: object): key is webcrypto.CryptoKey {
  return CryptoKeyClass !== undefined && key instanceof CryptoKeyClass;
}
