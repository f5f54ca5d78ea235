import { AuditLog } from '../../audit/audit-log';
import { sensitivePaths } from '../../security/redaction/sensitive-paths';
import type { StepFactory } from '../pipeline/types';

/** Marks a server option `audit.all`: every call of every tool is audited, decorated or not. */
export const AUDIT_ALL = Symbol('secure-mcp.audit-all');

/**
 * Writes the call's audit record after everything else has run, and before the result leaves: calls of
 * `@Audit` tools (or all calls with `audit.all`), and every denial of any tool. If the record cannot be
 * written, the client gets an error instead of the result: no result without its record.
 */
export const audit: StepFactory = (tool, server) => {
  const log = server.container.resolve(AuditLog);
  const auditAll = server.container.isRegistered(AUDIT_ALL);
  const options = tool.definition.audit;
  const auditsEveryCall = auditAll || options !== undefined;
  const recordArgs = options?.args !== false;
  const sensitive = sensitivePaths(tool.definition.input);
  return async (call, next) => {
    await next();
    if (!auditsEveryCall && call.outcome !== 'denied') return;
    const { ctx } = call;
    try {
      log.write({
        auditId: ctx.auditId,
        tool: tool.name,
        ...(tool.kind !== 'tool' ? { kind: tool.kind } : {}),
        ...(call.uri !== undefined ? { uri: call.uri } : {}),
        principal: ctx.principal.id,
        sessionId: ctx.sessionId,
        requestId: ctx.requestId,
        outcome: call.outcome ?? 'error',
        ...(call.reason ? { reason: call.reason } : {}),
        durationMs: performance.now() - call.startedAt,
        ...(recordArgs ? { args: call.args ?? {}, sensitive } : {}),
      });
    } catch (error) {
      server.logger.error('audit record could not be written; result withheld', {
        tool: tool.name,
        auditId: ctx.auditId,
        error: (error as Error).message,
      });
      call.outcome = 'error';
      call.result = {
        content: [
          {
            type: 'text',
            text: `the audit log is unavailable, so the result of ${tool.name} is withheld (reference: ${ctx.auditId})`,
          },
        ],
        isError: true,
      };
    }
  };
};
