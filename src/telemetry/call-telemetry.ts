import { createHash } from 'node:crypto';
import {
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Counter,
  type Histogram,
  type MeterProvider,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { TELEMETRY_ATTRIBUTES } from './index';

/** Where spans and metrics go. Default: the global providers of `@opentelemetry/api` (no-ops without an SDK). */
export interface TelemetryOptions {
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
}

const ATTR = TELEMETRY_ATTRIBUTES;

const PRINCIPAL_CACHE_MAX = 1024;
const REASON_CODE = /^[a-z0-9-]{1,40}$/;

/**
 * Spans and metrics of `tools/call`, built once per server. Only the tool name, the outcome and reason code
 * (fixed words) and a hash of the principal id are ever recorded: arguments, results and secrets never are.
 */
export class CallTelemetry {
  private readonly tracer: Tracer;
  private readonly calls: Counter;
  private readonly denials: Counter;
  private readonly duration: Histogram;
  /** principal id -> hash; principals are few, and hashing each call would cost a digest per call. */
  private readonly principalHashes = new Map<string, string>();

  constructor(version: string, options: TelemetryOptions = {}) {
    this.tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer('secure-mcp', version);
    const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter('secure-mcp', version);
    this.calls = meter.createCounter('secure_mcp.calls', { description: 'tools/call requests by outcome' });
    this.denials = meter.createCounter('secure_mcp.denials', { description: 'denied calls by reason' });
    this.duration = meter.createHistogram('secure_mcp.call.duration', {
      description: 'tools/call latency through the whole pipeline',
      unit: 'ms',
    });
  }

  /** Starts the span of one call. */
  start(spanName: string, tool: string, principal: string): Span {
    return this.tracer.startSpan(spanName, {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR.tool]: tool,
        [ATTR.principalHash]: this.principalHash(principal),
      },
    });
  }

  /** Ends the span and records the metrics. */
  end(span: Span, tool: string, outcome: string, reason: string | undefined, durationMs: number): void {
    // Reason codes are fixed words; anything else (never expected) is not copied out.
    if (reason !== undefined && !REASON_CODE.test(reason)) reason = 'other';
    const attrs: Attributes = { [ATTR.tool]: tool, [ATTR.outcome]: outcome };
    this.calls.add(1, attrs);
    this.duration.record(durationMs, attrs);
    if (outcome === 'denied') this.denials.add(1, { [ATTR.tool]: tool, [ATTR.reason]: reason ?? 'unknown' });
    if (span.isRecording()) {
      span.setAttribute(ATTR.outcome, outcome);
      if (reason) span.setAttribute(ATTR.reason, reason);
      if (outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  }

  /** First 16 hex digits of SHA-256 of the principal id: correlates calls without naming the user. */
  principalHash(principal: string): string {
    let hash = this.principalHashes.get(principal);
    if (hash === undefined) {
      if (this.principalHashes.size >= PRINCIPAL_CACHE_MAX) this.principalHashes.clear();
      hash = createHash('sha256').update(principal).digest('hex').slice(0, 16);
      this.principalHashes.set(principal, hash);
    }
    return hash;
  }
}
