import { trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { IsString, MaxLength } from 'class-validator';
import { Audit, RateLimit, Secret, Sensitive, Tool, ToolError } from '../../../src';
import type { SecretValue } from '../../../src/security/secrets';
import { createTestClient } from '../../../src/testing';

const SECRET = 'canary-OTEL-secret-not-a-real-secret';
const ARG = 'canary-OTEL-argument-value';
const PASSWORD = 'canary-OTEL-password-field';
const ARRAY_ARG = 'canary-OTEL-invalid-argument';
const PRINCIPAL = 'alice@example.test';

class Input {
  @IsString() @MaxLength(100) text!: string;
  @Sensitive() @IsString() password!: string;
}

@Tool({ name: 'traced', description: 'Uses a secret', input: Input })
@RateLimit({ limit: 3, window: '1h' })
@Audit()
class TracedTool {
  constructor(@Secret('OTEL_KEY') private readonly key: SecretValue) {}
  execute(input: Input) {
    if (input.text === 'fail') throw new ToolError(`upstream said no to ${this.key.reveal()} ${input.text}`);
    return `${input.text} ${this.key.reveal()}`;
  }
}

function setup() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metricsOut = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricsOut, exportIntervalMillis: 60_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return { spans, tracerProvider, metricsOut, reader, meterProvider };
}

describe('OpenTelemetry', () => {
  it('records one span per call with an event per step, and call, denial and latency metrics, without arguments or secrets', async () => {
    const o = setup();
    const t = await createTestClient({
      tools: [TracedTool],
      principal: PRINCIPAL,
      secrets: { values: { OTEL_KEY: SECRET } },
      telemetry: { tracerProvider: o.tracerProvider, meterProvider: o.meterProvider },
      // Windows are aligned to the clock: a fixed clock keeps the 4 calls from straddling an hour boundary.
      rateLimit: { clock: () => Date.UTC(2026, 0, 1, 12, 0, 30) },
    });
    await t.callTool('traced', { text: ARG, password: PASSWORD }); // success
    await t.callTool('traced', { text: 'fail', password: PASSWORD }); // failure
    await t.callTool('traced', { text: [ARRAY_ARG], password: PASSWORD }); // denied: validation
    await t.callTool('traced', { text: ARG, password: PASSWORD }); // denied: rate limit
    await o.reader.forceFlush();
    await t.close();

    const spans = o.spans.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(Array(4).fill('tools/call traced'));
    expect(spans.map((s) => [s.attributes['secure_mcp.outcome'], s.attributes['secure_mcp.reason']])).toEqual(
      [
        ['success', undefined],
        ['failure', 'tool-error'],
        ['denied', 'validation'],
        ['denied', 'rate-limit'],
      ],
    );
    const hash = spans[0].attributes['secure_mcp.principal.hash'];
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(spans.every((s) => s.attributes['secure_mcp.principal.hash'] === hash)).toBe(true);
    const steps = spans[0].events.map((e) => e.attributes?.['secure_mcp.step']);
    expect(steps).toEqual(expect.arrayContaining(['audit', 'rateLimit', 'validateInput', 'invoke']));
    for (const e of spans[0].events)
      expect(e.attributes?.['secure_mcp.step.self_ms']).toBeGreaterThanOrEqual(0);

    const metrics = o.metricsOut.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics));
    const byName = new Map(metrics.map((m) => [m.descriptor.name, m]));
    const calls = byName.get('secure_mcp.calls')!;
    expect(calls.dataPoints.map((p) => [p.attributes['secure_mcp.outcome'], p.value]).sort()).toEqual(
      [
        ['denied', 2],
        ['failure', 1],
        ['success', 1],
      ].sort(),
    );
    const denials = byName.get('secure_mcp.denials')!;
    expect(denials.dataPoints.map((p) => [p.attributes['secure_mcp.reason'], p.value]).sort()).toEqual(
      [
        ['rate-limit', 1],
        ['validation', 1],
      ].sort(),
    );
    const latency = byName.get('secure_mcp.call.duration')!;
    expect(latency.dataPointType).toBe(DataPointType.HISTOGRAM);
    const counts = latency.dataPoints.map((p) => (p.value as { count: number }).count);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);

    // Nothing but the documented attributes: no canary, no argument value, no principal id anywhere.
    const exported = JSON.stringify([
      spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
      metrics.map((m) => m.dataPoints.map((p) => p.attributes)),
    ]);
    for (const leak of [SECRET, ARG, ARRAY_ARG, PASSWORD, PRINCIPAL]) expect(exported).not.toContain(leak);
  });

  it('uses the global providers by default, and telemetry: false leaves the step out', async () => {
    const o = setup();
    trace.setGlobalTracerProvider(o.tracerProvider);
    try {
      const off = await createTestClient({
        tools: [TracedTool],
        secrets: { values: { OTEL_KEY: SECRET } },
        telemetry: false,
      });
      await off.callTool('traced', { text: ARG, password: PASSWORD });
      await off.close();
      expect(o.spans.getFinishedSpans()).toHaveLength(0);
      const on = await createTestClient({ tools: [TracedTool], secrets: { values: { OTEL_KEY: SECRET } } });
      await on.callTool('traced', { text: ARG, password: PASSWORD });
      await on.close();
      expect(o.spans.getFinishedSpans().map((s) => s.attributes['secure_mcp.outcome'])).toEqual(['success']);
    } finally {
      trace.disable();
    }
  });
});
