import type { RedisConnection } from '../../security/rate-limit/redis-connection';
/**
 * RFC 7662 token introspection, for opaque (non-JWT) access tokens. The answer for a token is cached until
 * its `exp`, at most `cacheTtlSec`.
 */
export interface IntrospectionOptions {
  /** The authorization server's introspection endpoint (https, or http on loopback only). */
  url: string | URL;
  /** This resource server's client id at the authorization server. */
  clientId: string;
  /**
   * The NAME of the client secret, resolved like `@Secret` (environment → `.env` → OS keychain → providers)
   * and scrubbed from logs like any secret. Never the value itself.
   */
  clientSecret: string;
  /** Longest time an answer is reused. Default 300 s (a revoked token works at most this long). */
  cacheTtlSec?: number;
  /** Most cached answers (oldest dropped first). Default 10,000. */
  maxCacheEntries?: number;
  /** Time allowed for one introspection request. Default 5,000 ms. */
  timeoutMs?: number;
}

/**
 * How bearer tokens are verified. Give exactly one of `jwksUrl`, `key` (JWTs, checked with `jose`) and
 * `introspection` (opaque tokens).
 */
export interface HttpAuthOptions {
  /** The `aud` a token must carry (required: a token minted for another service must not work here). */
  audience: string | string[];
  /** The `iss` a token must carry, if set. */
  issuer?: string | string[];
  /** The issuer's JWKS endpoint (keys are fetched and cached by `jose`). */
  jwksUrl?: string | URL;
  /**
   * A local verification key instead: a PEM public key or X.509 certificate (string or bytes), a public
   * `KeyObject`/`CryptoKey` or JWK, or an HMAC secret of at least 32 bytes (string, bytes or `oct` JWK).
   */
  key?: string | Uint8Array | object;
  /** Opaque tokens, checked at the authorization server's RFC 7662 introspection endpoint. */
  introspection?: IntrospectionOptions;
  /** Accepted `alg` values; default: whatever the key allows. */
  algorithms?: string[];
  /** Allowed clock skew for `exp`/`nbf`/`iat`, in seconds. Default 5. */
  clockToleranceSec?: number;
  /** Refuse tokens issued (`iat`) longer ago than this, and tokens without `iat`. Default: no limit. */
  maxTokenAgeSec?: number;
  /**
   * Authorization servers a client may get tokens from, published in the protected-resource metadata
   * (RFC 9728). Default: `issuer`.
   */
  authorizationServers?: string[];
  /**
   * Scopes named in the 401's `WWW-Authenticate` (`scope="…"`): what a client should ask for at first login.
   * Default: none named (clients then ask for `scopes_supported`, every scope a tool declares).
   */
  challengeScopes?: string[];
  /** The current time in ms, for `exp`/`nbf`/`iat` checks and the verified-token cache (tests move it instead of waiting). Default `Date.now`. */
  clock?: () => number;
}

/** Options of `server.listenHttp()`. */
export interface HttpOptions {
  /** Interface to bind. Default `127.0.0.1`; anything else is reachable by others and logs a warning. */
  host?: string;
  /** Port; default 3000, `0` picks a free one (read it from the returned `url`). */
  port?: number;
  /** The MCP endpoint path. Default `/mcp`. */
  path?: string;
  /**
   * The endpoint URL as clients reach it, e.g. `https://mcp.example.com/mcp` behind a TLS-terminating proxy.
   * It is the `resource` of the protected-resource metadata and the base of its well-known URL. Default:
   * the bound address. `X-Forwarded-*` headers are never trusted for this.
   */
  publicUrl?: string;
  /** Bearer-token verification, or `false` to turn authentication off explicitly (logs a warning). */
  auth: HttpAuthOptions | false;
  /**
   * Extra accepted `Host` header values (`host[:port]`, exactly as clients send them), e.g. behind a proxy.
   */
  allowedHosts?: string[];
  /**
   * Browser origins (`scheme://host[:port]`) allowed to call the server, with CORS. The server's own
   * loopback origins are always allowed. A request without `Origin` is accepted.
   */
  allowedOrigins?: string[];
  /** Largest request body; a larger one is answered 413. Default 4 MiB. */
  maxBodyBytes?: number;
  /**
   * Most open sessions per principal; an `initialize` beyond it closes that principal's least recently used
   * one. Default 32.
   */
  maxSessionsPerPrincipal?: number;
  /**
   * Most open sessions in all (with `store`: of all replicas together); a new `initialize` beyond it is
   * answered 503 with `Retry-After`. Default 1,000.
   */
  maxSessions?: number;
  /**
   * A session without a request for this long is closed (the client must initialize again). Default 1 hour.
   */
  sessionIdleTimeoutMs?: number;
  /** The current time in ms, for session idle expiry (tests move it instead of waiting). Default `Date.now`. */
  clock?: () => number;
  /** Most open TCP connections; more are dropped on accept. Default 1,024. */
  maxConnections?: number;
  /** Time allowed for a client to send the request headers. Default 10 s. */
  headersTimeoutMs?: number;
  /** Time allowed for a client to send the whole request (headers and body). Default 30 s. */
  requestTimeoutMs?: number;
  /**
   * A connection silent for this long (nothing read or written) is closed; open SSE streams send a
   * keep-alive comment at half this interval (at most every 15 s), so they stay open. Default 60 s.
   */
  idleTimeoutMs?: number;
  /** Time a kept-alive connection may wait for its next request. Default 5 s. */
  keepAliveTimeoutMs?: number;
  /** SSE resumability; on by default (events kept in memory, or in Redis with `store`). `false` turns it off. */
  resumability?: ResumabilityOptions | false;
  /**
   * No sessions: each POST is self-contained (GET and DELETE answer 405). Server→client requests
   * (elicitation, sampling, roots, `@Confirm`), `logging/setLevel`, subscriptions and resumption need a
   * session and are unavailable.
   */
  stateless?: boolean;
  /** Sessions shared by replicas through Redis. Default: in this process. */
  store?: SessionStoreOptions;
}

/** Resumability of SSE streams (event ids, `Last-Event-ID` replay, `retry` hints). */
export interface ResumabilityOptions {
  /** The `retry:` hint (ms) sent with the first event of each stream. Default 1,000. */
  retryMs?: number;
  /**
   * Close a POST's SSE stream still waiting for its response after this long (ms); the client comes back
   * after `retryMs` with `Last-Event-ID` and gets the rest (SEP-1699 polling). Keeps long calls alive behind
   * proxies that cut long responses. Only for clients of protocol 2025-11-25 or later. Default: never.
   */
  pollAfterMs?: number;
  /** Most events kept per stream. Default 200. */
  maxEventsPerStream?: number;
  /** How long an event stays replayable (ms). Default 5 minutes. */
  eventTtlMs?: number;
}

/**
 * Where sessions live. Give `redis` to run replicas: sessions, SSE events and pending server→client
 * requests are kept in Redis, and any replica serves any session.
 */
export interface SessionStoreOptions {
  /** A Redis URL (`redis://host:port`) or connection options; the server opens and closes the connection. */
  redis: RedisConnection;
  /** Key prefix, one per deployment sharing the Redis. Default `secure-mcp:<server name>:`. */
  prefix?: string;
  /** Time allowed for Redis to answer at start-up (ms). Default 5,000. */
  connectTimeoutMs?: number;
}

/** What `listenHttp()` resolves to. */
export interface HttpListener {
  /** The endpoint URL, e.g. `http://127.0.0.1:3000/mcp`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Open MCP sessions. */
  readonly sessions: number;
  /** Closes every session and stops listening (also done by `server.close()`). */
  close(): Promise<void>;
}

export const DEFAULT_HTTP_HOST = '127.0.0.1';
export const DEFAULT_HTTP_PORT = 3000;
export const DEFAULT_HTTP_PATH = '/mcp';
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_SESSIONS_PER_PRINCIPAL = 32;
export const DEFAULT_MAX_SESSIONS = 1000;
export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 60 * 60 * 1000;
export const DEFAULT_MAX_CONNECTIONS = 1024;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;
export const DEFAULT_SSE_RETRY_MS = 1_000;
