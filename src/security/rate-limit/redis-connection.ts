/**
 * Where Redis is: a URL (`redis://user:password@host:6379/0`; `rediss://` for TLS) or connection options.
 * The server opens, configures (fail fast, no offline queue) and closes the connection itself.
 */
export type RedisConnection = string | RedisConnectionOptions;

/** Connection options for Redis, when a URL does not suit (e.g. a password kept out of the URL). */
export interface RedisConnectionOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 6379. */
  port?: number;
  /** Database number. Default 0. */
  db?: number;
  username?: string;
  password?: string;
  /** Connect over TLS. Default false. */
  tls?: boolean;
}
