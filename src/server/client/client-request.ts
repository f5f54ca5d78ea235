import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AuditLog } from '../../audit/audit-log';
import type { AuditOutcome } from '../../audit/record';
import type { Principal } from '../../context';
import { ToolError } from '../../errors';
import type { Logger } from '../../logging/logger';
import type { LineRequestExtra } from '../sdk-lines/types';
import type { ClientSession } from './client-session';

// JSON-RPC's "method not found": the client does not implement the request at all.
const METHOD_NOT_FOUND = -32601;

/** The request (tool call, resource read, prompt render) on whose behalf the server asks the client. */
export interface RequestOrigin {
  /** Tool, resource or prompt name. */
  readonly name: string;
  readonly auditId: string;
  readonly principal: Principal;
  readonly sessionId: string;
  readonly requestId: string;
  /** Aborted by the client's cancellation or the request's timeout; aborts pending client requests. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/**
 * The SDK's per-request channel to the client: messages go on the request's own stream (HTTP). The SDK
 * validates each answer against the spec's result for its method, on either SDK line.
 */
export interface ClientLink {
  readonly session: ClientSession;
  readonly sendRequest: LineRequestExtra['sendRequest'];
  readonly sendNotification: LineRequestExtra['sendNotification'];
}

/** The client capability a server→client request needs. */
export type ClientCapability = 'elicitation' | 'sampling' | 'roots';

const WHAT: Record<ClientCapability, string> = {
  elicitation: 'asking the user for input (elicitation)',
  sampling: "using the client's model (sampling)",
  roots: 'sharing its roots',
};

// The SDK's own request timeout (60 s) would cut a human short; the request's signal is the budget.
const NO_SDK_TIMEOUT = 2_147_483_647;

/**
 * Sends one server→client request on behalf of `origin`: checks the client's capability (a clear ToolError
 * when it lacks it), sends the payload as given (the caller scrubs it), aborts with the request's signal or
 * `timeoutMs`, and writes an audit record linked to the request (`parentAuditId`) whatever the outcome.
 */
export async function clientRequest<T>(
  link: ClientLink,
  origin: RequestOrigin,
  audit: AuditLog,
  request: {
    capability: ClientCapability;
    method: 'roots/list' | 'sampling/createMessage' | 'elicitation/create';
    params: Record<string, unknown>;
    timeoutMs?: number;
    /** What the audit record keeps of the request (already scrubbed). */
    auditArgs: Record<string, unknown>;
    /** The outcome recorded for an answer (e.g. `decline` as the reason). */
    describe?: (result: T) => { outcome: AuditOutcome; reason?: string };
  },
): Promise<T> {
  const startedAt = performance.now();
  const record = (outcome: AuditOutcome, reason?: string) =>
    audit.write({
      auditId: randomUUID(),
      parentAuditId: origin.auditId,
      request: request.method,
      tool: origin.name,
      principal: origin.principal.id,
      sessionId: origin.sessionId,
      requestId: origin.requestId,
      outcome,
      ...(reason ? { reason } : {}),
      durationMs: performance.now() - startedAt,
      args: request.auditArgs,
    });

  if (!link.session.supports(request.capability)) {
    record('denied', 'client-capability');
    throw new ToolError(
      `${origin.name} needs the client to support ${WHAT[request.capability]}, and this client does not; ` +
        'use a client that declares the capability',
    );
  }
  const signal =
    request.timeoutMs === undefined
      ? origin.signal
      : AbortSignal.any([origin.signal, AbortSignal.timeout(request.timeoutMs)]);
  let result: T;
  try {
    result = (await link.sendRequest(
      { method: request.method, params: request.params },
      { signal, timeout: NO_SDK_TIMEOUT },
    )) as T;
  } catch (error) {
    if (origin.signal.aborted) {
      record('failure', 'cancelled');
      throw error; // the request itself ended (cancelled or timed out): its own handling says why
    }
    if (signal.aborted) {
      record('failure', 'timeout');
      throw new ToolError(`the client did not answer ${request.method} within ${request.timeoutMs} ms`);
    }
    // A JSON-RPC error from the client (1.x McpError, 2.x ProtocolError): both carry a numeric code.
    const code =
      error instanceof Error && typeof (error as { code?: unknown }).code === 'number'
        ? (error as unknown as { code: number }).code
        : undefined;
    record('failure', code === undefined ? 'client-error' : `client-error ${code}`);
    throw new ToolError(
      code === METHOD_NOT_FOUND
        ? `the client does not implement ${request.method}`
        : `the client refused or failed ${request.method}` + (code === undefined ? '' : ` (error ${code})`),
    );
  }
  const described = request.describe?.(result) ?? { outcome: 'success' as const };
  record(described.outcome, described.reason);
  return result;
}
