import { CallDenied, ToolError } from '../../errors';
import type { CallToolResult, StepFactory } from '../pipeline/types';
import { describeError } from '../describe-error';
import { ToolTimeout } from './invoke';

/**
 * Turns whatever ended a call into a client result and an outcome. `ToolError` messages are shown; anything
 * else becomes a generic message with a reference id, and the details go to the server log only.
 */
export const mapErrors: StepFactory = (tool) => async (call, next) => {
  try {
    await next();
    call.outcome ??= 'success';
  } catch (error) {
    call.error = error;
    if (error instanceof CallDenied) {
      call.outcome = 'denied';
      call.reason = error.reason;
      call.result = errorResult(error.message, error.meta);
    } else if (error instanceof ToolTimeout) {
      call.outcome = 'failure';
      call.reason = 'timeout';
      call.result = errorResult(error.message);
    } else if (error instanceof ToolError) {
      call.outcome = 'failure';
      call.reason = 'tool-error';
      call.result = errorResult(error.message, error.meta);
    } else if (call.ctx.clientSignal.aborted) {
      call.outcome = 'failure';
      call.reason = 'cancelled';
      call.result = errorResult(`${tool.kind} ${tool.name} was cancelled`);
    } else {
      call.outcome = 'error';
      call.reason = 'internal';
      call.ctx.logger.error('tool failed with an unexpected error', { error: describeError(error) });
      call.result = internalErrorResult(`${tool.kind} ${tool.name}`, call.ctx.auditId);
    }
  }
};

/**
 * The result a client sees for an unexpected failure: no detail, a reference to the log and audit record.
 * `what` names the capability, e.g. `tool search_docs`.
 */
export function internalErrorResult(what: string, auditId: string): CallToolResult {
  return errorResult(`${what} failed with an internal error (reference: ${auditId})`);
}

/** The result a client sees for a call still running when the server shut down (recorded as interrupted). */
export function shutDownResult(what: string, auditId: string): CallToolResult {
  return errorResult(
    `${what} was interrupted: the server shut down before it finished; it may or may not have completed its ` +
      `work, so check before retrying (reference: ${auditId})`,
    { reason: 'interrupted' },
  );
}

// A tool's error message and meta are the tool's objects: read them as the wire will (strings, plain JSON).
function errorResult(text: unknown, meta?: Record<string, unknown>): CallToolResult {
  const plainMeta = meta === undefined ? undefined : (JSON.parse(JSON.stringify(meta)) as unknown);
  return {
    content: [{ type: 'text' as const, text: String(text) }],
    isError: true,
    ...(isRecord(plainMeta) ? { _meta: plainMeta } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
