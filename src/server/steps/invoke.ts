import type { StepFactory } from '../pipeline/types';

/** The reason `ctx.signal` aborts when a tool runs out of time. */
export class ToolTimeout extends Error {
  override readonly name = 'ToolTimeout';
}

/**
 * Runs `execute` with a fresh tool instance, under the tool's time budget. When the budget runs out (or the
 * client cancels) `ctx.signal` aborts and the call ends at once, even if `execute` ignores the signal.
 */
export const invoke: StepFactory = (tool) => {
  const timeoutMs = tool.definition.timeoutMs;
  const message = `tool ${tool.name} timed out after ${timeoutMs} ms`;
  return async (call) => {
    const { signal } = call.controller;
    const timer = setTimeout(() => call.controller.abort(new ToolTimeout(message)), timeoutMs);
    let onAbort: (() => void) | undefined;
    try {
      const running = Promise.resolve(tool.createInstance().execute(call.input, call.ctx));
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
      call.output = await Promise.race([running, aborted]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  };
};
