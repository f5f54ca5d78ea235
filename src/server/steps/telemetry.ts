import type { StepFactory } from '../pipeline/types';

/**
 * One OpenTelemetry span per call of a tool, resource or prompt (name, outcome, principal hash) with an event per pipeline step giving its
 * own time, and the call metrics. Outermost, so it sees the final outcome. Left out when no OpenTelemetry SDK
 * is registered (see createCallTelemetry); with a non-recording span (sampled out) the steps are not timed.
 */
const METHOD = { tool: 'tools/call', resource: 'resources/read', prompt: 'prompts/get' } as const;

const OPERATION_METHOD = {
  complete: 'completion/complete',
  list: 'resources/list',
  subscribe: 'resources/subscribe',
  unsubscribe: 'resources/unsubscribe',
} as const;

export const telemetry: StepFactory = (tool, server, operation) => {
  const t = server.telemetry;
  if (!t) return undefined;
  const name = tool.name;
  const spanName = `${operation ? OPERATION_METHOD[operation] : METHOD[tool.kind]} ${name}`;
  return async (call, next) => {
    const span = t.start(spanName, name, call.ctx.principal.id);
    if (span.isRecording()) {
      call.observe = (step, selfMs) =>
        span.addEvent('secure_mcp.step', { 'secure_mcp.step': step, 'secure_mcp.step.self_ms': selfMs });
    }
    try {
      await next();
    } finally {
      t.end(span, name, call.outcome ?? 'error', call.reason, performance.now() - call.startedAt);
    }
  };
};
