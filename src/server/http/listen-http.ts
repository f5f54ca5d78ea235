import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { StartupError } from '../../errors';
import type { Logger } from '../../logging/logger';
import { createAuthenticator } from './authenticate';
import { boundHosts, createHostOriginCheck } from './check-origin';
import { warnAboutExposure } from './exposure-warnings';
import { createRequestHandler } from './handle-request';
import {
  DEFAULT_HTTP_HOST,
  DEFAULT_HTTP_PATH,
  DEFAULT_HTTP_PORT,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_SESSIONS_PER_PRINCIPAL,
  DEFAULT_SESSION_IDLE_TIMEOUT_MS,
  type HttpListener,
  type HttpOptions,
} from './options';
import { sendError, SERVER_ERROR } from './respond';
import { SessionRegistry } from './sessions';

/**
 * Serves MCP over Streamable HTTP: one SDK transport and server per session. Resolves once listening; the
 * returned `close()` ends every session and the listener (registered with `server.close()` by the caller).
 */
export async function listenHttp(
  connect: (transport: Transport) => Promise<void>,
  options: HttpOptions,
  logger: Logger,
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
  const authenticate = await createAuthenticator(options.auth, logger);
  const sessions = new SessionRegistry();
  const server = createServer();
  const port = await bind(server, host, options.port ?? DEFAULT_HTTP_PORT);

  const handle = createRequestHandler({
    path,
    checkHostOrigin: createHostOriginCheck({
      allowedHosts: [...boundHosts(host, port), ...(options.allowedHosts ?? [])],
      allowedOrigins: options.allowedOrigins ?? [],
    }),
    authenticate,
    sessions,
    connect,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxSessionsPerPrincipal: options.maxSessionsPerPrincipal ?? DEFAULT_MAX_SESSIONS_PER_PRINCIPAL,
    logger,
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('HTTP request failed', { error: (error as Error)?.message });
      sendError(res, 500, SERVER_ERROR, 'Internal error');
    });
  });

  const idleMs = options.sessionIdleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS;
  const sweeper = setInterval(() => void sessions.closeIdle(idleMs), Math.min(idleMs, 60_000));
  sweeper.unref(); // never what keeps the process alive

  warnAboutExposure(host, options, logger);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
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
      })();
      return closing;
    },
  };
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
