import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../../logging/logger';
import type { Authenticator } from './authenticate';
import { readJsonBody } from './read-body';
import { PARSE_ERROR, SERVER_ERROR, SESSION_NOT_FOUND, sendError } from './respond';
import type { SessionRegistry } from './sessions';

export interface RequestHandlerDeps {
  path: string;
  checkHostOrigin(req: IncomingMessage): string | undefined;
  authenticate: Authenticator;
  sessions: SessionRegistry;
  /** Serves one MCP session (`SecureMcpServer.connect`). */
  connect(transport: Transport): Promise<void>;
  maxBodyBytes: number;
  maxSessionsPerPrincipal: number;
  logger: Logger;
}

/**
 * One HTTP request, in the order that keeps refusals cheap: path → Host/Origin → method → bearer token →
 * session (bound to the principal) → body (size-capped) → the session's SDK transport. A request without a
 * session id must be an `initialize`, which opens a new session with its own SDK server.
 */
export function createRequestHandler(deps: RequestHandlerDeps) {
  const { sessions, logger } = deps;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== deps.path) {
      return sendError(res, 404, SERVER_ERROR, 'Not Found');
    }
    const refusal = deps.checkHostOrigin(req);
    if (refusal) {
      logger.warn('HTTP request refused', {
        reason: refusal,
        host: req.headers.host,
        origin: req.headers.origin,
      });
      return sendError(res, 403, SERVER_ERROR, refusal);
    }
    if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'DELETE') {
      return sendError(res, 405, SERVER_ERROR, 'Method Not Allowed', { Allow: 'GET, POST, DELETE' });
    }
    const auth = await deps.authenticate(req);
    if (!auth.ok) {
      const challenge = auth.error ? `Bearer error="${auth.error}"` : 'Bearer';
      const message = auth.error
        ? 'Unauthorized: invalid bearer token'
        : 'Unauthorized: bearer token required';
      return sendError(res, 401, SERVER_ERROR, message, { 'WWW-Authenticate': challenge });
    }

    const sessionId = req.headers['mcp-session-id'];
    let transport: StreamableHTTPServerTransport | undefined;
    if (typeof sessionId === 'string') {
      const found = sessions.lookup(sessionId, auth.owner);
      if (found.foreign) logger.warn('HTTP request for another principal’s session refused');
      if (!found.transport) return sendError(res, 404, SESSION_NOT_FOUND, 'Session not found');
      transport = found.transport;
    } else if (req.method !== 'POST') {
      return sendError(res, 400, SERVER_ERROR, 'Bad Request: Mcp-Session-Id header is required');
    }

    let body: unknown;
    if (req.method === 'POST') {
      const read = await readJsonBody(req, deps.maxBodyBytes);
      if (read.kind === 'too-large') {
        // The rest of the body is not read: close the connection rather than drain it.
        const message = `Payload Too Large: the limit is ${deps.maxBodyBytes} bytes`;
        return sendError(res, 413, SERVER_ERROR, message, { Connection: 'close' });
      }
      if (read.kind !== 'ok') return sendError(res, 400, PARSE_ERROR, 'Parse error: Invalid JSON');
      body = read.value;
    }

    if (!transport) {
      if (!isInitializeRequest(body)) {
        return sendError(res, 400, SERVER_ERROR, 'Bad Request: Mcp-Session-Id header is required');
      }
      if (sessions.countFor(auth.owner) >= deps.maxSessionsPerPrincipal) {
        logger.info('session limit reached: closing the principal’s least recently used session');
        await sessions.evictOldest(auth.owner);
      }
      transport = await openSession(deps, auth.owner);
    }
    const opened = transport;
    (req as IncomingMessage & { auth?: unknown }).auth = auth.authInfo;
    await opened.handleRequest(req, res, body);
    // An initialize the SDK refused leaves a transport without a session: nothing can reach it again.
    if (opened.sessionId === undefined) await opened.close();
  };
}

async function openSession(deps: RequestHandlerDeps, owner: string): Promise<StreamableHTTPServerTransport> {
  const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: randomUUID,
    onsessioninitialized: (id) => deps.sessions.add(id, transport, owner),
  });
  transport.onclose = () => deps.sessions.delete(transport.sessionId);
  await deps.connect(transport);
  return transport;
}
