/** How bearer tokens are verified (JWT, checked with `jose`). Give exactly one of `jwksUrl` and `key`. */
export interface HttpAuthOptions {
  /** The `aud` a token must carry (required: a token minted for another service must not work here). */
  audience: string | string[];
  /** The `iss` a token must carry, if set. */
  issuer?: string | string[];
  /** The issuer's JWKS endpoint (keys are fetched and cached by `jose`). */
  jwksUrl?: string | URL;
  /**
   * A local verification key instead: an HMAC secret (string or bytes), a public `KeyObject`/`CryptoKey`, or
   * a JWK.
   */
  key?: string | Uint8Array | object;
  /** Accepted `alg` values; default: whatever the key allows. */
  algorithms?: string[];
  /** Allowed clock skew for `exp`/`nbf`, in seconds. Default 5. */
  clockToleranceSec?: number;
}

/** Options of `server.listenHttp()`. */
export interface HttpOptions {
  /** Interface to bind. Default `127.0.0.1`; anything else is reachable by others and logs a warning. */
  host?: string;
  /** Port; default 3000, `0` picks a free one (read it from the returned `url`). */
  port?: number;
  /** The MCP endpoint path. Default `/mcp`. */
  path?: string;
  /** Bearer-token verification, or `false` to turn authentication off explicitly (logs a warning). */
  auth: HttpAuthOptions | false;
  /**
   * Extra accepted `Host` header values (`host[:port]`, exactly as clients send them), e.g. behind a proxy.
   */
  allowedHosts?: string[];
  /** Accepted `Origin` header values (`scheme://host[:port]`). A request without `Origin` is accepted. */
  allowedOrigins?: string[];
  /** Largest request body; a larger one is answered 413. Default 4 MiB. */
  maxBodyBytes?: number;
  /**
   * Most open sessions per principal; an `initialize` beyond it closes that principal's least recently used
   * one. Default 32.
   */
  maxSessionsPerPrincipal?: number;
  /**
   * A session without a request for this long is closed (the client must initialize again). Default 1 hour.
   */
  sessionIdleTimeoutMs?: number;
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
export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 60 * 60 * 1000;
