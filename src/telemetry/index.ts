import type { CallTelemetry, TelemetryOptions } from './call-telemetry';

export type { CallTelemetry, TelemetryOptions } from './call-telemetry';

/** The attributes secure-mcp sets on spans and metrics; nothing else is ever recorded. */
export const TELEMETRY_ATTRIBUTES = {
  tool: 'mcp.tool.name',
  outcome: 'secure_mcp.outcome',
  reason: 'secure_mcp.reason',
  principalHash: 'secure_mcp.principal.hash',
  step: 'secure_mcp.step',
  stepSelfMs: 'secure_mcp.step.self_ms',
} as const;

// Where @opentelemetry/api 1.x keeps its global providers once an SDK registers one.
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');

/**
 * The call telemetry of a server, or undefined when nothing would record it: `telemetry: false`, or no
 * providers given and no OpenTelemetry SDK registered globally (register it before `createServer`). Then
 * `@opentelemetry/api` is not even loaded and the pipeline has no telemetry step.
 */
export function createCallTelemetry(
  version: string,
  options: false | TelemetryOptions | undefined,
): CallTelemetry | undefined {
  if (options === false) return undefined;
  const explicit = options?.tracerProvider !== undefined || options?.meterProvider !== undefined;
  if (!explicit && (globalThis as Record<symbol, unknown>)[OTEL_GLOBAL] === undefined) return undefined;
  const { CallTelemetry: Telemetry } = require('./call-telemetry') as typeof import('./call-telemetry');
  return new Telemetry(version, options || {});
}
