import { CallDenied, ToolError } from '../../errors';
import type { StepFactory } from '../pipeline/types';
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
      call.ctx.logger.error('tool failed with an unexpected error', { error: describe(error) });
      call.result = errorResult(
        `${tool.kind} ${tool.name} failed with an internal error (reference: ${call.ctx.auditId})`,
      );
    }
  }
};

function errorResult(text: string, meta?: Record<string, unknown>) {
  return { content: [{ type: 'text' as const, text }], isError: true, ...(meta ? { _meta: meta } : {}) };
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}
