import { createCallTelemetry } from '../../src/telemetry';

const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');

describe('createCallTelemetry', () => {
  it('is off (and loads nothing) without providers or a registered SDK, on with either, off with false', () => {
    const g = globalThis as Record<symbol, unknown>;
    const saved = g[OTEL_GLOBAL];
    delete g[OTEL_GLOBAL];
    try {
      expect(createCallTelemetry('1.0.0', undefined)).toBeUndefined();
      expect(createCallTelemetry('1.0.0', {})).toBeUndefined();
      expect(Object.keys(require.cache).some((k) => k.includes('@opentelemetry/api'))).toBe(false);
      const { trace } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
      expect(createCallTelemetry('1.0.0', { tracerProvider: trace.getTracerProvider() })).toBeDefined();
      g[OTEL_GLOBAL] = { version: '1.9.0' };
      expect(createCallTelemetry('1.0.0', undefined)).toBeDefined();
      expect(createCallTelemetry('1.0.0', false)).toBeUndefined();
    } finally {
      if (saved === undefined) delete g[OTEL_GLOBAL];
      else g[OTEL_GLOBAL] = saved;
    }
  });
});
