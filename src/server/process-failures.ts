import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../logging/logger';
import { callScope } from './call-scope';
import { describeError } from './steps/map-errors';

/** `tool` of the audit record of a process-level failure that no call caused. */
export const PROCESS_TOOL = 'secure-mcp.process';

type Kind = 'unhandled-rejection' | 'uncaught-exception';

/**
 * While a server serves, a rejected promise nobody handles or an exception thrown in a timer no longer kills
 * the process (Node's default, which also prints the raw error, secrets included). Each one is logged (the
 * log is scrubbed) and recorded in the audit log, attributed to the tool and call whose code caused it.
 *
 * What is safe to resume after:
 * - an unhandled rejection unwound no stack: the server keeps serving;
 * - an uncaught exception inside a call's code (its timers and callbacks) unwound only that tool's callback:
 *   the server keeps serving;
 * - an uncaught exception outside any call came from the server or a library in the middle of who knows
 *   what: its state cannot be trusted, so after recording it `onFatal` shuts the server down (in-flight calls
 *   recorded, audit flushed) instead of serving on, unless the application has its own handler for it.
 * Returns the function that removes the handlers.
 */
export function handleProcessFailures(options: {
  logger: Logger;
  audit: AuditLog;
  onFatal: () => void;
}): () => void {
  const { logger, audit, onFatal } = options;
  const report = (kind: Kind, error: unknown): boolean => {
    const call = callScope.getStore();
    try {
      logger.error(
        call
          ? `tool ${call.tool.name}: ${kind} in work the tool left running; the server keeps serving`
          : `${kind} outside any tool call`,
        { kind, tool: call?.tool.name, auditId: call?.ctx.auditId, error: describeError(error) },
      );
    } catch {
      // Nothing more can be said; the audit record below still counts the failure.
    }
    try {
      audit.write({
        auditId: randomUUID(),
        tool: call?.tool.name ?? PROCESS_TOOL,
        principal: call?.ctx.principal.id ?? 'system',
        sessionId: call?.ctx.sessionId ?? '',
        requestId: call?.ctx.requestId ?? '',
        outcome: 'error',
        reason: kind,
        durationMs: 0,
      });
    } catch {
      // The audit log is closed or unwritable; the log line above is all there is.
    }
    return call !== undefined;
  };
  const onRejection = (reason: unknown) => void report('unhandled-rejection', reason);
  const onException = (error: unknown) => {
    // An application that embeds the server and handles uncaught exceptions itself decides what happens next.
    if (!report('uncaught-exception', error) && process.listenerCount('uncaughtException') === 1) onFatal();
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
