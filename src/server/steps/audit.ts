import { AuditLog } from '../../audit/audit-log';
import type { AuditEntry } from '../../audit/record';
import { sensitivePaths } from '../../security/redaction/sensitive-paths';
import { InFlightCalls } from '../in-flight';
import type { Call, StepFactory } from '../pipeline/types';
import { describeError } from '../describe-error';
import { internalErrorResult } from './map-errors';

/**
 * Writes the call's audit record after everything else has run, and before the result leaves: calls of
 * `@Audit` tools (or all calls with `audit.all`), and every denial of any tool. If the record cannot be
 * written, the client gets an error instead of the result: no result without its record. Records of calls
 * that finish together share one write (group commit); each call waits for the write of its own.
 *
 * Every way a call can end is covered: a failure of a step outside the error mapping (mapping an error that
 * throws when read, for instance) becomes an internal error here, and a call still running when the server
 * shuts down is recorded as `interrupted` (see {@link InFlightCalls}).
 */
export const audit: StepFactory = (tool, server) => {
  const log = server.container.resolve(AuditLog);
  const inFlight = server.container.resolve(InFlightCalls);
  const options = tool.definition.audit;
  const auditsEveryCall = server.auditAll || options !== undefined;
  const recordArgs = options?.args !== false;
  const sensitive = sensitivePaths(tool.definition.input);

  // Built field by field (no spread of a temporary object per optional field): this runs once per call.
  const entry = (call: Call): AuditEntry => {
    const { ctx } = call;
    const e: AuditEntry = {
      auditId: ctx.auditId,
      tool: tool.name,
      principal: ctx.principal.id,
      sessionId: ctx.sessionId,
      requestId: ctx.requestId,
      outcome: call.outcome ?? 'error',
      durationMs: performance.now() - call.startedAt,
    };
    if (tool.kind !== 'tool') e.kind = tool.kind;
    if (call.operation) e.action = call.operation;
    if (call.uri !== undefined) e.uri = call.uri;
    if (call.reason) e.reason = call.reason;
    if (recordArgs) {
      e.args = call.args ?? {};
      e.sensitive = sensitive;
    }
    return e;
  };

  return async (call, next) => {
    let recorded = false;
    log.enter();
    if (auditsEveryCall) {
      inFlight.onInterrupt(call, () => {
        recorded = true;
        call.outcome = 'error';
        call.reason = 'interrupted';
        try {
          log.write(entry(call)); // shutdown: synchronously, nothing waits for a batch any more
        } catch (error) {
          server.logger.error('audit record of an interrupted call could not be written', {
            tool: tool.name,
            auditId: call.ctx.auditId,
            error: describeError(error),
          });
        }
      });
    }
    try {
      await next();
    } catch (error) {
      call.error = error;
      call.outcome = 'error';
      call.reason = 'internal';
      server.logger.error('call failed outside the error mapping', {
        tool: tool.name,
        auditId: call.ctx.auditId,
        error: describeError(error),
      });
      call.result = internalErrorResult(`${tool.kind} ${tool.name}`, call.ctx.auditId);
    }
    if (recorded || (!auditsEveryCall && call.outcome !== 'denied')) return log.leave();
    try {
      await log.commit(entry(call));
    } catch (error) {
      server.logger.error('audit record could not be written; result withheld', {
        tool: tool.name,
        auditId: call.ctx.auditId,
        error: (error as Error).message,
      });
      call.outcome = 'error';
      call.result = {
        content: [
          {
            type: 'text',
            text: `the audit log is unavailable, so the result of ${tool.name} is withheld (reference: ${call.ctx.auditId})`,
          },
        ],
        isError: true,
      };
    }
  };
};
