import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../logging/logger';
import { callScope } from './call-scope';
import type { Call } from './pipeline/types';
import { describeError } from './describe-error';

/** `tool` of the audit record of a process-level failure that no call caused. */
export const PROCESS_TOOL = 'secure-mcp.process';

type Kind = 'unhandled-rejection' | 'uncaught-exception';

/** One serving server, as the process-level handlers know it. */
interface Registration {
  readonly logger: Logger;
  readonly audit: AuditLog;
  /** Shuts the server down (in-flight calls recorded, audit flushed). */
  readonly shutdown: () => Promise<void>;
  /** True when `call` is one of this server's (its capability is in this server's catalog). */
  readonly owns: (call: Call) => boolean;
}

// One pair of process handlers for every server of the process (a process with many servers would otherwise
// stack one pair per server, past Node's listener warning), installed with the first and removed with the last.
const registrations = new Set<Registration>();
let installed: { onRejection: (reason: unknown) => void; onException: (error: unknown) => void } | undefined;

/**
 * While a server serves, a rejected promise nobody handles or an exception thrown in a timer no longer kills
 * the process (Node's default, which also prints the raw error, secrets included). Each one is logged (the
 * log is scrubbed) and recorded in the audit log, attributed to the tool and call whose code caused it, by
 * the server that serves that call.
 *
 * What is safe to resume after:
 * - an unhandled rejection unwound no stack: the server keeps serving;
 * - an uncaught exception inside a call's code (its timers and callbacks) unwound only that tool's callback:
 *   the server keeps serving;
 * - an uncaught exception outside any call came from the server or a library in the middle of who knows
 *   what: its state cannot be trusted, so every server records it and shuts down (in-flight calls
 *   recorded, audit flushed), then the process exits, instead of serving on, unless the application has
 *   its own handler for it.
 * Every server of the process shares one pair of handlers. Returns the function that removes this server's
 * registration (and the handlers with the last one).
 */
export function handleProcessFailures(options: {
  logger: Logger;
  audit: AuditLog;
  shutdown: () => Promise<void>;
  owns?: (call: Call) => boolean;
}): () => void {
  const registration: Registration = { owns: () => true, ...options };
  registrations.add(registration);
  if (!installed) {
    installed = {
      onRejection: (reason) => void report('unhandled-rejection', reason),
      onException: (error) => {
        // An application that embeds the server and handles uncaught exceptions itself decides what happens.
        if (!report('uncaught-exception', error) && process.listenerCount('uncaughtException') === 1) {
          const all = [...registrations].map((r) => r.shutdown());
          void Promise.allSettled(all).finally(() => process.exit(1));
        }
      },
    };
    process.on('unhandledRejection', installed.onRejection);
    process.on('uncaughtException', installed.onException);
  }
  return () => {
    if (!registrations.delete(registration) || registrations.size > 0 || !installed) return;
    process.off('unhandledRejection', installed.onRejection);
    process.off('uncaughtException', installed.onException);
    installed = undefined;
  };
}

/** Records the failure with the server whose call caused it, or with every server; true when a call did. */
function report(kind: Kind, error: unknown): boolean {
  const call = callScope.getStore();
  const all = [...registrations];
  const owner = call ? (all.find((r) => r.owns(call)) ?? all[0]) : undefined;
  for (const r of owner ? [owner] : all) reportTo(r, kind, error, call);
  return call !== undefined;
}

function reportTo(r: Registration, kind: Kind, error: unknown, call: Call | undefined): void {
  try {
    r.logger.error(
      call
        ? `tool ${call.tool.name}: ${kind} in work the tool left running; the server keeps serving`
        : `${kind} outside any tool call`,
      { kind, tool: call?.tool.name, auditId: call?.ctx.auditId, error: describeError(error) },
    );
  } catch {
    // Nothing more can be said; the audit record below still counts the failure.
  }
  try {
    r.audit.write({
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
}
