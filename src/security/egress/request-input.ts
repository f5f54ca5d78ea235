import { egressErrors } from './egress-errors';
import type { Hop } from './redirects';

export interface NormalizedRequest {
  first: Hop;
  redirect: NonNullable<RequestInit['redirect']>;
  signal: AbortSignal | undefined;
}

/**
 * Turns the standard `fetch(input, init)` arguments into one plain description of the first hop, so the
 * rest of SafeFetch deals with one shape. `init` wins over a `Request`'s own fields, as in `fetch`.
 */
export async function normalizeRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
): Promise<NormalizedRequest> {
  const request = input instanceof Request ? input : undefined;
  let url: URL;
  try {
    url = new URL(request ? request.url : String(input));
  } catch {
    throw egressErrors.badUrl();
  }
  let body: unknown = init?.body ?? undefined;
  if (body === undefined && request?.body) {
    // Buffered so that a 307/308 redirect can send it again.
    body = await request.arrayBuffer();
  }
  return {
    first: {
      url,
      method: normalizeMethod(init?.method ?? request?.method ?? 'GET'),
      headers: new Headers(init?.headers ?? request?.headers),
      body,
    },
    redirect: init?.redirect ?? request?.redirect ?? 'follow',
    signal: init?.signal ?? request?.signal ?? undefined,
  };
}

/** Fetch upper-cases only these methods; others (e.g. 'patch') are sent as written. */
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}
