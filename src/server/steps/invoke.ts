import type { StepFactory } from '../pipeline/types';

/** The reason `ctx.signal` aborts when a tool runs out of time. */
export class ToolTimeout extends Error {
  override readonly name = 'ToolTimeout';
}

/**
 * Runs `execute` (`read`, `render`) with a fresh instance, under the time budget. When the budget runs out the
 * call ends at once with a clear message, even if the method ignores `ctx.signal` (which is aborted too).
 */
export const invoke: StepFactory = (tool) => {
  const timeoutMs = tool.definition.timeoutMs;
  const message = `${tool.kind} ${tool.name} timed out after ${timeoutMs} ms`;
  return async (call) => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const reason = new ToolTimeout(message);
        call.ctx.abort(reason);
        reject(reason);
      }, timeoutMs);
    });
    try {
      call.output = await Promise.race([tool.invoke(call.input, call.ctx), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };
};
