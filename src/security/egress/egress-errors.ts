import { ToolError } from '../../errors';
import type { AddressCategory } from './address-policy';

/**
 * Every message SafeFetch shows a client. They name the host (never userinfo, path or query, which may
 * carry tokens) and, for refused addresses, only the category: the internal address itself is not
 * something to hand to whoever is probing the network.
 */
export class EgressError extends ToolError {
  override readonly name: string = 'EgressError';

  constructor(
    /** Stable code for logs and tests: `scheme`, `host`, `address`, `credentials`, `redirect`, `size`, `timeout`, `network`. */
    readonly code: EgressErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, { meta: { egress: code }, cause: options?.cause });
  }
}

/** Why {@link SafeFetch} refused or failed: the `code` of an {@link EgressError}. */
export type EgressErrorCode =
  'url' | 'scheme' | 'host' | 'address' | 'credentials' | 'redirect' | 'size' | 'timeout' | 'network';

export const egressErrors = {
  badUrl: () => new EgressError('url', 'egress refused: the URL is not a valid absolute URL'),
  scheme: (protocol: string, allowHttp: boolean) =>
    new EgressError(
      'scheme',
      `egress refused: scheme '${protocol}' is not allowed; use https:` +
        (allowHttp ? ' or http:' : ' (http: needs network.allowHttp)'),
    ),
  host: (host: string, narrowed: boolean) =>
    new EgressError(
      'host',
      `egress to host '${host}' is not allowed; add it to network.allow` +
        (narrowed ? " and to the tool's @Egress list" : ''),
    ),
  metadataHost: (host: string) =>
    new EgressError('host', `egress to host '${host}' is refused: it is a cloud metadata endpoint`),
  address: (host: string, category: AddressCategory) =>
    new EgressError(
      'address',
      category === 'invalid'
        ? `egress to host '${host}' is refused: it did not resolve to a valid address`
        : `egress to host '${host}' is refused: it resolves to ${article(category)} ${category} address`,
    ),
  resolve: (host: string, cause: unknown) =>
    new EgressError('network', `egress to host '${host}' failed: the name could not be resolved`, { cause }),
  credentials: (host: string) =>
    new EgressError(
      'credentials',
      `egress to host '${host}' is refused: the URL contains credentials; send them in a header instead`,
    ),
  tooManyRedirects: (max: number) =>
    new EgressError('redirect', `egress refused: more than ${max} redirects (network.maxRedirects)`),
  redirectNotWanted: (host: string) =>
    new EgressError(
      'redirect',
      `egress to host '${host}' was redirected, and the request set redirect: 'error'`,
    ),
  redirectBody: (host: string) =>
    new EgressError(
      'redirect',
      `egress to host '${host}' failed: the redirect needs the request body again, but it was a stream`,
    ),
  badRedirect: (host: string) =>
    new EgressError('redirect', `egress to host '${host}' failed: the redirect has no valid Location`),
  tooLarge: (host: string, max: number) =>
    new EgressError(
      'size',
      `egress response from host '${host}' is larger than ${max} bytes (network.maxBytes)`,
    ),
  timeout: (host: string, ms: number) =>
    new EgressError(
      'timeout',
      `egress request to host '${host}' timed out after ${ms} ms (network.timeoutMs)`,
    ),
  network: (host: string, code: string | undefined, cause: unknown) =>
    new EgressError(
      'network',
      `egress request to host '${host}' failed` + (code ? ` (${code})` : ''),
      // The cause (with addresses) is kept for the server log; the message stays generic.
      { cause },
    ),
};

function article(word: string): string {
  return /^[aeiouIU]/.test(word) && !word.startsWith('uni') ? 'an' : 'a';
}
