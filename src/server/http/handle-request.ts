import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LineHttpTransport } from '../sdk-lines/types';
import type { Logger } from '../../logging/logger';
import { checkJsonRpc } from '../json-rpc-check';
import type { Authenticator } from './authenticate';
import { closeAtExpiry } from './close-at-expiry';
import { cors } from './cors';
import { readJsonBody } from './read-body';
import { bearerChallenge, type ResourceMetadata } from './resource-metadata';
import { PARSE_ERROR, SERVER_ERROR, SESSION_NOT_FOUND, sendError } from './respond';
import type { ScopeShortfall } from './scope-challenge';
import type { SessionHost } from './session-host';
import type { SessionRegistry } from './sessions';

export interface RequestHandlerDeps {
  path: string;
  checkHostOrigin(req: IncomingMessage, options?: { hostOnly?: boolean }): string | undefined;
  authenticate: Authenticator;
  /** RFC 9728 metadata; absent when authentication is off. */
  metadata?: ResourceMetadata;
  /** Scopes named in the 401 challenge. */
  challengeScopes: readonly string[];
  /** The scopes a `tools/call` in the body needs and the token lacks (step-up), if any. */
  scopeShortfall(body: unknown, granted: readonly string[] | undefined): ScopeShortfall | undefined;
  /** Records a step-up refusal in the audit log (denials are always audited). */
  auditScopeDenial(shortfall: ScopeShortfall, principal: string, sessionId: string | undefined): void;
  sessions: SessionRegistry;
  /** Opens, rebuilds (replicas) and routes sessions. */
  host: SessionHost;
  /** No sessions: each POST is served by its own transport and SDK server. */
  stateless?: (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;
  /** The SDK line's check that a body is an `initialize` request. */
  isInitializeRequest(body: unknown): body is { params: Record<string, unknown> };
  maxBodyBytes: number;
  maxSessionsPerPrincipal: number;
  maxSessions: number;
  logger: Logger;
}

/** Seconds a client is told to wait when the server is full or its authorization server is down. */
const RETRY_AFTER_SEC = '30';

/**
 * One HTTP request, in the order that keeps refusals cheap: request target → well-known metadata → path →
 * Host/Origin → CORS → method → bearer token → session (bound to the principal) → body (size-capped) →
 * scope step-up → session cap → the session's SDK transport. A request without a session id must be an
 * `initialize`, which opens a new session with its own SDK server.
 */
export function createRequestHandler(deps: RequestHandlerDeps) {
  const { sessions, logger, metadata, host } = deps;
  const unauthorized = (error?: 'invalid_token') =>
    bearerChallenge({
      resourceMetadata: metadata?.url,
      error,
      // Also after a token is refused: a client re-authorizing takes the 401's scope, else every scope listed.
      scope: deps.challengeScopes,
    });
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const pathname = pathOf(req.url);
    if (pathname === undefined)
      return sendError(res, 400, SERVER_ERROR, 'Bad Request: invalid request target');
    if (metadata?.paths.has(pathname)) {
      const refusal = deps.checkHostOrigin(req, { hostOnly: true }); // public document: any origin may read it
      if (refusal) return sendError(res, 403, SERVER_ERROR, refusal);
      return metadata.serve(res, req.method);
    }
    if (pathname !== deps.path) return sendError(res, 404, SERVER_ERROR, 'Not Found');
    const refusal = deps.checkHostOrigin(req);
    if (refusal) {
      logger.warn('HTTP request refused', {
        reason: refusal,
        host: req.headers.host,
        origin: req.headers.origin,
      });
      return sendError(res, 403, SERVER_ERROR, refusal);
    }
    if (req.method === 'OPTIONS') return cors.preflight(req, res);
    cors.decorate(req, res);
    if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'DELETE') {
      return sendError(res, 405, SERVER_ERROR, 'Method Not Allowed', {
        Allow: 'GET, POST, DELETE, OPTIONS',
      });
    }
    const auth = await deps.authenticate(req);
    if (!auth.ok) {
      if (auth.unavailable) {
        return sendError(res, 503, SERVER_ERROR, 'Service Unavailable: the token could not be checked', {
          'Retry-After': RETRY_AFTER_SEC,
        });
      }
      const message = auth.error
        ? 'Unauthorized: invalid bearer token'
        : 'Unauthorized: bearer token required';
      return sendError(res, 401, SERVER_ERROR, message, { 'WWW-Authenticate': unauthorized(auth.error) });
    }

    const sessionId = req.headers['mcp-session-id'];
    let transport: LineHttpTransport | undefined;
    if (deps.stateless) {
      if (req.method !== 'POST') {
        return sendError(
          res,
          405,
          SERVER_ERROR,
          'Method Not Allowed: this server is stateless (no sessions)',
          {
            Allow: 'POST, OPTIONS',
          },
        );
      }
    } else if (typeof sessionId === 'string') {
      let found = sessions.lookup(sessionId, auth.owner);
      if (!found.transport && !found.foreign) found = await host.restore(sessionId, auth.owner);
      else await host.rebuilt(sessionId);
      if (found.foreign) logger.warn('HTTP request for another principal’s session refused');
      if (!found.transport) return sendError(res, 404, SESSION_NOT_FOUND, 'Session not found');
      transport = found.transport;
      host.touch(sessionId);
      host.alignProtocolHeader(req, sessionId);
      if (req.method === 'GET') {
        const resumed = host.serveGet(req, res, sessionId);
        if (resumed) {
          if (auth.validUntilMs !== undefined) closeAtExpiry(res, auth.validUntilMs);
          return resumed;
        }
      }
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
      const checked = Array.isArray(body) ? undefined : checkJsonRpc(body);
      if (checked && !checked.ok) {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: checked.id,
            error: { code: checked.code, message: checked.message },
          }),
        );
        return;
      }
      const shortfall = deps.scopeShortfall(body, auth.principal?.scopes);
      if (shortfall) {
        deps.auditScopeDenial(shortfall, auth.owner, typeof sessionId === 'string' ? sessionId : undefined);
        const description = `${shortfall.action} requires the scope(s) ${shortfall.missing.join(', ')}`;
        return sendError(res, 403, SERVER_ERROR, `Forbidden: ${description}`, {
          'WWW-Authenticate': bearerChallenge({
            error: 'insufficient_scope',
            scope: shortfall.needed,
            resourceMetadata: metadata?.url,
            description,
          }),
        });
      }
    }

    if (deps.stateless) {
      (req as IncomingMessage & { auth?: unknown }).auth = auth.authInfo;
      if (auth.validUntilMs !== undefined) closeAtExpiry(res, auth.validUntilMs);
      return deps.stateless(req, res, body);
    }
    if (typeof sessionId === 'string' && (await host.routeAnswers(sessionId, body))) {
      res.writeHead(202).end(); // answers to another replica's requests, delivered there
      return;
    }
    if (!transport) {
      if (!deps.isInitializeRequest(body)) {
        return sendError(res, 400, SERVER_ERROR, 'Bad Request: Mcp-Session-Id header is required');
      }
      const admitted = await host.open(auth.owner, body, deps);
      if (admitted.evicted > 0) {
        logger.info('session limit reached: closed the principal’s least recently used session');
      }
      transport = admitted.transport;
      if (!transport) {
        logger.warn('server-wide session limit reached: initialize refused', { max: deps.maxSessions });
        return sendError(res, 503, SERVER_ERROR, 'Service Unavailable: too many open sessions, retry later', {
          'Retry-After': RETRY_AFTER_SEC,
        });
      }
    }
    const opened = transport;
    (req as IncomingMessage & { auth?: unknown }).auth = auth.authInfo;
    if (auth.validUntilMs !== undefined) closeAtExpiry(res, auth.validUntilMs);
    if (opened.sessionId !== undefined) host.pollLater(res, opened.sessionId, opened, body);
    await opened.handleRequest(req, res, body);
    // An initialize the SDK refused leaves a transport without a session: nothing can reach it again.
    if (opened.sessionId === undefined) await opened.close();
  };
}

/** The path of a request target, or undefined when it cannot be parsed (answered 400, not 500). */
function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}
