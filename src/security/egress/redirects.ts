/**
 * The Fetch standard's redirect rules, applied by SafeFetch itself so that every hop goes back through
 * the scheme, host and address checks (undici's own `redirect: 'follow'` would not re-check them).
 */

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers that carry credentials: never forwarded to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** Headers that describe the body: dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

export interface Hop {
  url: URL;
  method: string;
  headers: Headers;
  body: unknown;
}

/** The next request after a redirect from `hop` to `location` (already resolved against `hop.url`). */
export function nextHop(hop: Hop, status: number, location: URL): Hop {
  const headers = new Headers(hop.headers);
  let { method, body } = hop;
  // 301/302 after POST and 303 after anything but HEAD become a body-less GET (Fetch §4.4 step 12).
  if (((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'HEAD')) {
    method = 'GET';
    body = undefined;
    for (const name of BODY_HEADERS) headers.delete(name);
  }
  if (location.origin !== hop.url.origin) {
    for (const name of CREDENTIAL_HEADERS) headers.delete(name);
  }
  return { url: location, method, headers, body };
}
