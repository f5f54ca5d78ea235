// OpenTelemetry for a secure-mcp server: register an SDK before createServer, and every tools/call becomes a
// span (tool, outcome, principal hash, one event per pipeline step) plus the metrics secure_mcp.calls,
// secure_mcp.denials and secure_mcp.call.duration. This example prints them to stderr (stdout carries MCP).
// Run: npm run build && node build/examples/telemetry/server.js (then call `greet` from an MCP client).
import 'reflect-metadata';
import { metrics, trace } from '@opentelemetry/api';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { IsString, MaxLength } from 'class-validator';
import { Audit, Tool, createServer } from 'secure-mcp';

// The console exporters print with console.dir/console.log, i.e. to stdout; on a stdio server that would
// corrupt the protocol, so route console output to stderr while they run.
console.log = console.dir = (...args: unknown[]) => console.error(...args);

const spans: SpanExporter = new ConsoleSpanExporter();
const metricsOut: PushMetricExporter = new ConsoleMetricExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
metrics.setGlobalMeterProvider(
  new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter: metricsOut, exportIntervalMillis: 10_000 })],
  }),
);

class GreetInput {
  @IsString() @MaxLength(100) name!: string;
}

@Tool({ name: 'greet', description: 'Says hello', input: GreetInput })
@Audit()
class GreetTool {
  execute({ name }: GreetInput) {
    return `Hello, ${name}`;
  }
}

async function main() {
  const server = await createServer({ name: 'telemetry-example', version: '1.0.0', tools: [GreetTool] });
  await server.listen();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
