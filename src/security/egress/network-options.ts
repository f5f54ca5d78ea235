import { promises as dns } from 'node:dns';
import { StartupError } from '../../errors';
import type { Lookup } from './pinned-connector';

/** The server's `network` option: where tools may send requests and how much they may take back. */
export interface NetworkOptions {
  /** Exact host names and `*.example.com` wildcards (a wildcard does not match the apex unless listed). */
  allow: string[];
  /** Allow plain `http:` as well as `https:`. Default false. */
  allowHttp?: boolean;
  /** Refuse loopback, private, link-local and other non-public addresses. Default true. */
  denyPrivate?: boolean;
  /** Largest response body in bytes (after decompression). Default 10 MiB. */
  maxBytes?: number;
  /** Time limit for the whole exchange, redirects and body included. Default 15 s. */
  timeoutMs?: number;
  /** Redirects followed, each re-checked. Default 5. */
  maxRedirects?: number;
  /**
   * TEST ONLY: let 127.0.0.1 and ::1 through so that tests can reach local servers. Every other
   * forbidden range stays refused. Never set this in a server.
   */
  dangerouslyAllowLoopbackForTests?: boolean;
  /** DNS resolver. Default `dns.promises.lookup(host, { all: true })`; tests inject a fake. */
  lookup?: (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;
}

export interface ResolvedNetworkOptions {
  allow: string[];
  allowHttp: boolean;
  denyPrivate: boolean;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  allowLoopback: boolean;
  lookup: Lookup;
}

export const NETWORK_DEFAULTS = {
  allowHttp: false,
  denyPrivate: true,
  maxBytes: 10 * 1024 * 1024,
  timeoutMs: 15_000,
  maxRedirects: 5,
} as const;

const systemLookup: Lookup = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

/** Fills in defaults and refuses nonsense at start-up rather than on the first call. */
export function resolveNetworkOptions(options: NetworkOptions): ResolvedNetworkOptions {
  if (!Array.isArray(options?.allow)) {
    throw new StartupError("network.allow must be a list of host names, e.g. ['api.example.com']");
  }
  const resolved: ResolvedNetworkOptions = {
    allow: [...options.allow],
    allowHttp: options.allowHttp ?? NETWORK_DEFAULTS.allowHttp,
    denyPrivate: options.denyPrivate ?? NETWORK_DEFAULTS.denyPrivate,
    maxBytes: options.maxBytes ?? NETWORK_DEFAULTS.maxBytes,
    timeoutMs: options.timeoutMs ?? NETWORK_DEFAULTS.timeoutMs,
    maxRedirects: options.maxRedirects ?? NETWORK_DEFAULTS.maxRedirects,
    allowLoopback: options.dangerouslyAllowLoopbackForTests === true,
    lookup: options.lookup ?? systemLookup,
  };
  if (resolved.allowLoopback && process.env.NODE_ENV === 'production') {
    throw new StartupError(
      'network.dangerouslyAllowLoopbackForTests is set with NODE_ENV=production; remove it',
    );
  }
  for (const key of ['maxBytes', 'timeoutMs'] as const) {
    if (!Number.isSafeInteger(resolved[key]) || resolved[key] <= 0) {
      throw new StartupError(`network.${key} must be a positive integer`);
    }
  }
  if (!Number.isSafeInteger(resolved.maxRedirects) || resolved.maxRedirects < 0) {
    throw new StartupError('network.maxRedirects must be a non-negative integer');
  }
  return resolved;
}
