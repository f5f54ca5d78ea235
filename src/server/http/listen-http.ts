import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Transport } from '../sdk-lines/mcp-types';
import { StartupError } from '../../errors';
import type { Logger } from '../../logging/logger';
import { createAuthenticator } from './authenticate';
import { boundHosts, boundOrigins, createHostOriginCheck } from './check-origin';
import { httpServerOptions, limitConnections, type ConnectionLimits } from './connection-limits';
import { warnAboutExposure } from './exposure-warnings';
import { createRequestHandler } from './handle-request';
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_HTTP_HOST,
  DEFAULT_HTTP_PATH,
  DEFAULT_HTTP_PORT,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_MAX_SESSIONS_PER_PRINCIPAL,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SESSION_IDLE_TIMEOUT_MS,
  type HttpListener,
  type HttpOptions,
} from './options';
import { createResourceMetadata } from './resource-metadata';
import { sendError, SERVER_ERROR } from './respond';
import { createScopeCheck } from './scope-challenge';
import { auditScopeDenial, type HttpServices } from './services';
import { createSessionBackend } from './session-backend';
import { SessionHost } from './session-host';
import { SessionRegistry } from './sessions';
import { createStatelessHandler } from './stateless';

/** The SDK's own SSE keep-alive interval; ours is never longer. */
const MAX_SSE_KEEP_ALIVE_MS = 15_000;

/**
 * Serves MCP over Streamable HTTP: one SDK transport and server per session. Resolves once listening; the
 * returned `close()` ends every session and the listener (registered with `server.close()` by the caller).
 */
export async function listenHttp(
  connect: (transport: Transport) => Promise<void>,
  options: HttpOptions,
  logger: Logger,
  services: HttpServices,
): Promise<HttpListener> {
  if (options?.auth === undefined) {
    throw new StartupError(
      'listenHttp: `auth` is required: token verification options, or `false` to disable',
    );
  }
  const host = options.host ?? DEFAULT_HTTP_HOST;
  const path = options.path ?? DEFAULT_HTTP_PATH;
  // Loaded by a CLI to read its tools, not to serve: do not bind a port.
  if (process.env.SECURE_MCP_NO_LISTEN === '1')
    return { url: '', host, port: 0, sessions: 0, close: async () => {} };
  if (options.publicUrl !== undefined && !URL.canParse(options.publicUrl)) {
    throw new StartupError('listenHttp: publicUrl must be an absolute URL, e.g. https://mcp.example.com/mcp');
  }
  // The line's HTTP transport, loaded here (a stdio server never loads it); a missing package stops start-up.
  const lineHttp = services.sdk.http();
  const authenticate = await createAuthenticator(options.auth, logger, services.secretByName);
  const limits = connectionLimits(options);
  const sessions = new SessionRegistry(options.clock);
  const idleMs = options.sessionIdleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS;
  const backend = await createSessionBackend(
    options,
    services.serverName,
    idleMs,
    logger,
    services.useCursorKey,
  );
  const sseKeepAliveMs = Math.min(MAX_SSE_KEEP_ALIVE_MS, Math.floor(limits.idleTimeoutMs / 2));
  const sessionHost = new SessionHost({
    registry: sessions,
    connect,
    http: lineHttp,
    protocolVersions: services.sdk.protocolVersions,
    events: backend.events,
    retryMs: backend.retryMs,
    pollAfterMs: backend.pollAfterMs,
    sseKeepAliveMs,
    shared: backend.shared,
    guardOutgoing: services.guardOutgoing,
    onResourceUpdated: services.onResourceUpdated,
  });
  await sessionHost.start();
  const server = createServer(httpServerOptions(limits));
  limitConnections(server, limits, logger);
  const port = await bind(server, host, options.port ?? DEFAULT_HTTP_PORT);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
  const publicUrl = options.publicUrl ?? url;

  const handle = createRequestHandler({
    path,
    checkHostOrigin: createHostOriginCheck({
      allowedHosts: [...boundHosts(host, port), new URL(publicUrl).host, ...(options.allowedHosts ?? [])],
      allowedOrigins: [
        ...boundOrigins(host, port),
        new URL(publicUrl).origin,
        ...(options.allowedOrigins ?? []),
      ],
    }),
    authenticate,
    metadata:
      options.auth === false
        ? undefined
        : createResourceMetadata(publicUrl, options.auth, services.allScopes),
    challengeScopes: options.auth === false ? [] : (options.auth.challengeScopes ?? []),
    scopeShortfall: createScopeCheck(services.scopedTarget),
    auditScopeDenial: (shortfall, principal, sessionId) => {
      try {
        auditScopeDenial(services.auditLog, shortfall, principal, sessionId);
      } catch (error) {
        logger.error('audit record of a scope denial could not be written', {
          error: (error as Error).message,
        });
      }
    },
    sessions,
    host: sessionHost,
    stateless: options.stateless ? createStatelessHandler(lineHttp, connect, sseKeepAliveMs) : undefined,
    isInitializeRequest: services.sdk.isInitializeRequest,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxSessionsPerPrincipal: options.maxSessionsPerPrincipal ?? DEFAULT_MAX_SESSIONS_PER_PRINCIPAL,
    maxSessions: options.maxSessions ?? DEFAULT_MAX_SESSIONS,
    logger,
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('HTTP request failed', { error: (error as Error)?.message });
      sendError(res, 500, SERVER_ERROR, 'Internal error');
    });
  });

  const sweeper = setInterval(() => void sessions.closeIdle(idleMs), Math.min(idleMs, 60_000));
  sweeper.unref(); // never what keeps the process alive

  warnAboutExposure(host, options, logger);
  logger.info('MCP server listening over Streamable HTTP', { url, auth: options.auth !== false });

  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    get sessions() {
      return sessions.size;
    },
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await sessions.closeAll();
        server.closeAllConnections(); // open SSE streams would otherwise keep the listener alive
        await stopped;
        await backend.close();
      })();
      return closing;
    },
  };
}

function connectionLimits(options: HttpOptions): ConnectionLimits {
  const limits = {
    maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    headersTimeoutMs: options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new StartupError(`listenHttp: ${name} must be a positive whole number, got ${String(value)}`);
    }
  }
  // node requires headersTimeout <= requestTimeout.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) limits.headersTimeoutMs = limits.requestTimeoutMs;
  return limits;
}

function bind(server: ReturnType<typeof createServer>, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
