import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../../logging/logger';

export interface ConnectionLimits {
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/** At most one log line per this interval about dropped connections: a flood must not flood the log. */
const DROP_LOG_INTERVAL_MS = 60_000;

/**
 * node:http options for internet-safe request timeouts: a client must send its headers and its whole request
 * in bounded time (node answers 408 and closes). node checks them on an interval, kept below the smallest.
 * Malformed requests get node's own 400 before any of our code runs, with nothing logged.
 */
export function httpServerOptions(limits: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(
      50,
      Math.min(30_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
    ),
  };
}

/**
 * A connection silent (nothing read or written) for `idleTimeoutMs` is closed, and connections beyond the
 * cap are dropped on accept (by node, before any parsing), with at most one warning a minute.
 */
export function limitConnections(server: Server, limits: ConnectionLimits, logger: Logger): void {
  server.maxConnections = limits.maxConnections;
  server.setTimeout(limits.idleTimeoutMs, (socket: Socket) => socket.destroy());
  let dropped = 0;
  let lastLog = 0;
  server.on('drop', () => {
    dropped++;
    const now = Date.now();
    if (now - lastLog < DROP_LOG_INTERVAL_MS) return;
    lastLog = now;
    logger.warn('HTTP connections refused: maxConnections reached', { dropped });
    dropped = 0;
  });
}
