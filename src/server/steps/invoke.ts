import type { StepFactory } from '../pipeline/types';

/** The reason `ctx.signal` aborts when a tool runs out of time. */
export class ToolTimeout extends Error {
  override readonly name = 'ToolTimeout';
}

/**
 * Runs `execute` (`read`, `render`) with a fresh instance, or an operation's work (`call.perform`), under the
 * time budget. When the budget runs out the call ends at once with a clear message, even if the method ignores `ctx.signal` (which is aborted too).
 * A method that returns without a promise has already finished: it gets no timer (hot path).
 */
export const invoke: StepFactory = (tool) => {
  const timeoutMs = tool.definition.timeoutMs;
  const message = `${tool.kind} ${tool.name} timed out after ${timeoutMs} ms`;
  return async (call) => {
    const running: unknown = call.perform ? call.perform() : tool.invoke(call.input, call.ctx);
    if (!isThenable(running)) {
      call.output = running;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const reason = new ToolTimeout(message);
        call.ctx.abort(reason);
        reject(reason);
      }, timeoutMs);
    });
    try {
      call.output = await Promise.race([running, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };
};

// What `await` would wait for: a promise or any object with a `then` method (read once, like `await` does).
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
