// The servers under test. Every scenario serves the same tools:
//   echo      { text: string, max 200 chars }  → text content equal to `text`
//   read_file { path: string, max 200 chars }  → text content of a small file under the data dir
// plus `echo_<i>` copies (each with its own schema/DTO) to reach N tools for the start-up measurement.
// Framework modules are loaded lazily inside makeServer, so a fresh process measures their load time too.
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { dirname, join, resolve, sep } from 'node:path';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** bench/ (found by its package.json: the compiled files live in bench/node_modules/.bench-dist, out of lint's way). */
export const BENCH_DIR = (() => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'secure-mcp-bench') return dir;
  }
  throw new Error('bench/package.json not found');
})();
/** The repository root, whose dist/ is the secure-mcp build under test. */
export const ROOT_DIR = dirname(BENCH_DIR);

/** Scenarios 1-4 on each SDK line: the floors and secure-mcp, side by side. */
export const LINE_SCENARIOS = [
  'raw-sdk',
  'mcpserver-zod',
  'secure-bare',
  'secure-full',
  'raw-sdk-2',
  'mcpserver-zod-2',
  'secure-bare-2',
  'secure-full-2',
] as const;

export const SCENARIOS = [
  ...LINE_SCENARIOS,
  'secure-full-noaudit',
  'secure-full-otel',
  'secure-full-redis',
  'fastmcp',
  'mcp-framework',
  'mcp-nest',
] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export const LABELS: Record<ScenarioId, string> = {
  'raw-sdk': '1 raw SDK Server + hand-written check',
  'mcpserver-zod': '2 SDK McpServer + zod',
  'secure-bare': '3 secure-mcp bare @Tool + DTO',
  'secure-full': '4 secure-mcp full (ReadOnly, RateLimit mem, Audit, Secret, SafeFs)',
  'raw-sdk-2': '1 raw SDK Server + hand-written check, SDK 2.x',
  'mcpserver-zod-2': '2 SDK McpServer + zod, SDK 2.x',
  'secure-bare-2': '3 secure-mcp bare @Tool + DTO, on SDK 2.x',
  'secure-full-2': '4 secure-mcp full (as 4), on SDK 2.x',
  'secure-full-noaudit': '4a secure-mcp full without @Audit',
  'secure-full-otel': '4b secure-mcp full + OpenTelemetry SDK (spans, metrics)',
  'secure-full-redis': '5 secure-mcp full, Redis rate-limit store',
  fastmcp: 'fastmcp',
  'mcp-framework': 'mcp-framework',
  'mcp-nest': '@rekog/mcp-nest',
};

/**
 * The MCP SDK line each scenario's server runs on: `1` is `@modelcontextprotocol/sdk` 1.x, `2` the split
 * `@modelcontextprotocol/server` 2.x packages. secure-mcp scenarios pin theirs with `createServer({ sdk })`
 * (both lines are installed at the root, where it would otherwise pick the newer); fastmcp and mcp-framework
 * bring 1.x, MCP-Nest 2.x. Ratios are taken against the floor (scenarios 1, 2) of the same line.
 */
export const SDK_LINE_OF: Record<ScenarioId, '1' | '2'> = {
  'raw-sdk': '1',
  'mcpserver-zod': '1',
  'secure-bare': '1',
  'secure-full': '1',
  'raw-sdk-2': '2',
  'mcpserver-zod-2': '2',
  'secure-bare-2': '2',
  'secure-full-2': '2',
  'secure-full-noaudit': '1',
  'secure-full-otel': '1',
  'secure-full-redis': '1',
  fastmcp: '1',
  'mcp-framework': '1',
  'mcp-nest': '2',
};

/** Scenarios 1 and 2 (the raw SDK floors) of an SDK line. */
export const FLOORS: Record<'1' | '2', { raw: ScenarioId; mcpServer: ScenarioId }> = {
  '1': { raw: 'raw-sdk', mcpServer: 'mcpserver-zod' },
  '2': { raw: 'raw-sdk-2', mcpServer: 'mcpserver-zod-2' },
};

export interface ServerConfig {
  tools: number; // total number of tools (>= 1); 1 = echo only, 2 = echo + read_file, more = echo_<i> copies
  dataDir: string; // holds small.txt
  auditFile?: string;
  redisUrl?: string;
}

export interface Served {
  /** In-process connection; undefined when the framework cannot be driven in memory. */
  connect?(transport: Transport): Promise<void>;
  /** Serve over this process's stdin/stdout. */
  listenStdio(): Promise<void>;
  close(): Promise<void>;
  /** Where the in-memory connection comes from (public API or not). */
  memoryNote?: string;
}

export const SECRET_VALUE = 'bench-secret-value-0123456789';

/** When the last makeServer finished importing its framework (performance.now()), to split start-up time. */
export const timing = { importedAt: 0 };
const imported = () => (timing.importedAt = performance.now());

export function toolNames(n: number): string[] {
  const names = ['echo', 'read_file'];
  for (let i = 2; i < n; i++) names.push(`echo_${i}`);
  return names.slice(0, Math.max(1, n));
}

const ECHO_DESC = 'Echo a string back';
const READ_DESC = 'Read a small text file under the data directory';

function echoCheck(args: unknown): string | undefined {
  // Hand-written JSON-Schema check: object, only `text`, a string of at most 200 chars.
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return undefined;
  const a = args as Record<string, unknown>;
  for (const k in a) if (k !== 'text') return undefined;
  const t = a.text;
  return typeof t === 'string' && t.length <= 200 ? t : undefined;
}

function pathCheck(args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return undefined;
  const a = args as Record<string, unknown>;
  for (const k in a) if (k !== 'path') return undefined;
  const p = a.path;
  return typeof p === 'string' && p.length <= 200 ? p : undefined;
}

/** The naive confinement the hand-written servers use (peers have no SafeFs). */
async function readUnder(root: string, p: string): Promise<string> {
  const full = resolve(root, p);
  if (full !== root && !full.startsWith(root + sep)) throw new Error('path outside the data directory');
  return fsp.readFile(full, 'utf8');
}

const jsonSchemaText = {
  type: 'object',
  properties: { text: { type: 'string', maxLength: 200 } },
  required: ['text'],
  additionalProperties: false,
} as const;
const jsonSchemaPath = {
  type: 'object',
  properties: { path: { type: 'string', maxLength: 200 } },
  required: ['path'],
  additionalProperties: false,
} as const;

export async function makeServer(id: ScenarioId, cfg: ServerConfig): Promise<Served> {
  switch (id) {
    case 'raw-sdk':
      return rawSdk(cfg);
    case 'mcpserver-zod':
      return mcpServerZod(cfg);
    case 'raw-sdk-2':
      return rawSdk2(cfg);
    case 'mcpserver-zod-2':
      return mcpServerZod2(cfg);
    case 'secure-bare':
    case 'secure-bare-2':
      return secureMcp(cfg, false, { sdk: SDK_LINE_OF[id] });
    case 'secure-full':
    case 'secure-full-2':
    case 'secure-full-redis':
      return secureMcp(cfg, true, { sdk: SDK_LINE_OF[id] });
    case 'secure-full-noaudit':
      return secureMcp(cfg, true, { audit: false, sdk: '1' });
    case 'secure-full-otel':
      return secureMcp(cfg, true, { otel: true, sdk: '1' });
    case 'fastmcp':
      return fastMcp(cfg);
    case 'mcp-framework':
      return mcpFramework(cfg);
    case 'mcp-nest':
      return mcpNest(cfg);
  }
}

// The raw floors' tools on either SDK line: the listing and a hand-written call handler (checks, no framework).
function rawTools(cfg: ServerConfig) {
  const root = resolve(cfg.dataDir);
  const list = toolNames(cfg.tools).map((name) =>
    name === 'read_file'
      ? { name, description: READ_DESC, inputSchema: jsonSchemaPath }
      : { name, description: ECHO_DESC, inputSchema: jsonSchemaText },
  );
  const names = new Set(list.map((t) => t.name));
  const invalid = (msg: string) => ({ content: [{ type: 'text' as const, text: msg }], isError: true });
  const call = async ({ name, arguments: args }: { name: string; arguments?: Record<string, unknown> }) => {
    if (!names.has(name)) throw new Error(`unknown tool ${name}`);
    if (name === 'read_file') {
      const p = pathCheck(args);
      if (p === undefined) return invalid('invalid arguments');
      return { content: [{ type: 'text' as const, text: await readUnder(root, p) }] };
    }
    const t = echoCheck(args);
    if (t === undefined) return invalid('invalid arguments');
    return { content: [{ type: 'text' as const, text: t }] };
  };
  return { list, call };
}

// 1 ─ raw SDK low-level Server ───────────────────────────────────────────────────────────────────────
async function rawSdk(cfg: ServerConfig): Promise<Served> {
  const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const { ListToolsRequestSchema, CallToolRequestSchema } =
    await import('@modelcontextprotocol/sdk/types.js');
  imported();
  const { list, call } = rawTools(cfg);
  const make = () => {
    const server = new Server({ name: 'bench', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: list }));
    server.setRequestHandler(CallToolRequestSchema, (req) => call(req.params));
    return server;
  };
  const servers: Array<{ close(): Promise<void> }> = [];
  return {
    async connect(transport) {
      const s = make();
      servers.push(s);
      await s.connect(transport);
    },
    async listenStdio() {
      const s = make();
      servers.push(s);
      await s.connect(new StdioServerTransport());
    },
    async close() {
      await Promise.allSettled(servers.map((s) => s.close()));
    },
  };
}

// 2 ─ SDK McpServer + zod ──────────────────────────────────────────────────────────────────────────
async function mcpServerZod(cfg: ServerConfig): Promise<Served> {
  const { McpServer } = await import('@modelcontextprotocol/sdk/server/mcp.js');
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const { z } = await import('zod');
  imported();
  const root = resolve(cfg.dataDir);
  const make = () => {
    const server = new McpServer({ name: 'bench', version: '1.0.0' });
    for (const name of toolNames(cfg.tools)) {
      if (name === 'read_file') {
        server.registerTool(
          name,
          { description: READ_DESC, inputSchema: { path: z.string().max(200) } },
          async ({ path }) => ({ content: [{ type: 'text', text: await readUnder(root, path) }] }),
        );
      } else {
        server.registerTool(
          name,
          { description: ECHO_DESC, inputSchema: { text: z.string().max(200) } },
          async ({ text }) => ({ content: [{ type: 'text', text }] }),
        );
      }
    }
    return server;
  };
  const servers: Array<{ close(): Promise<void> }> = [];
  return {
    async connect(transport) {
      const s = make();
      servers.push(s);
      await s.connect(transport);
    },
    async listenStdio() {
      const s = make();
      servers.push(s);
      await s.connect(new StdioServerTransport());
    },
    async close() {
      await Promise.allSettled(servers.map((s) => s.close()));
    },
  };
}

// 1, 2 on SDK 2.x ─ the same two servers on the split packages ─────────────────────────────────────
// 2.x registers handlers by method name (no request schemas to import) and takes a zod object as the input
// schema; stdio is the `@modelcontextprotocol/server/stdio` entry point.
async function rawSdk2(cfg: ServerConfig): Promise<Served> {
  const { Server } = await import('@modelcontextprotocol/server');
  const { StdioServerTransport } = await import('@modelcontextprotocol/server/stdio');
  imported();
  const { list, call } = rawTools(cfg);
  const make = () => {
    const server = new Server({ name: 'bench', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler('tools/list', async () => ({ tools: list as any }));
    server.setRequestHandler('tools/call', (req) => call(req.params));
    return server;
  };
  return connectEach(make, () => new StdioServerTransport());
}

async function mcpServerZod2(cfg: ServerConfig): Promise<Served> {
  const { McpServer } = await import('@modelcontextprotocol/server');
  const { StdioServerTransport } = await import('@modelcontextprotocol/server/stdio');
  const { z } = await import('zod');
  imported();
  const root = resolve(cfg.dataDir);
  const make = () => {
    const server = new McpServer({ name: 'bench', version: '1.0.0' });
    for (const name of toolNames(cfg.tools)) {
      if (name === 'read_file') {
        server.registerTool(
          name,
          { description: READ_DESC, inputSchema: z.object({ path: z.string().max(200) }) },
          async ({ path }) => ({ content: [{ type: 'text', text: await readUnder(root, path) }] }),
        );
      } else {
        server.registerTool(
          name,
          { description: ECHO_DESC, inputSchema: z.object({ text: z.string().max(200) }) },
          async ({ text }) => ({ content: [{ type: 'text', text }] }),
        );
      }
    }
    return server;
  };
  return connectEach(make, () => new StdioServerTransport());
}

/** One server per connection (in memory) or one on stdio, as scenarios 1 and 2 do. */
function connectEach(
  make: () => { connect(transport: never): Promise<void>; close(): Promise<void> },
  stdio: () => unknown,
): Served {
  const servers: Array<{ close(): Promise<void> }> = [];
  return {
    async connect(transport) {
      const s = make();
      servers.push(s);
      await s.connect(transport as never);
    },
    async listenStdio() {
      const s = make();
      servers.push(s);
      await s.connect(stdio() as never);
    },
    async close() {
      await Promise.allSettled(servers.map((s) => s.close()));
    },
  };
}

// 3, 4, 5 ─ secure-mcp ─────────────────────────────────────────────────────────────────────────────
// Decorators are applied as functions (exactly what TS emits for `@X class`), so one code path builds
// 1, 50 or 200 tool classes, each with its own DTO class.
/** Scenario 4b: each pipeline step's own time (sum of the `secure_mcp.step` span events, µs) and count. */
export const stepTimes: Record<string, { totalMs: number; n: number }> = {};
export const otelCounts = { spans: 0 };

/** A real OTel SDK (tracer with a span processor, meter with a reader), from the root's devDependencies. */
function otelProviders(): { tracerProvider: unknown; meterProvider: unknown } {
  const req = createRequire(join(ROOT_DIR, 'package.json'));
  const traceSdk: any = req('@opentelemetry/sdk-trace-base');
  const metricsSdk: any = req('@opentelemetry/sdk-metrics');
  // The processor aggregates the step events instead of exporting: the per-step table of the bench.
  const collect = {
    onStart() {},
    onEnd(span: any) {
      otelCounts.spans++;
      for (const e of span.events) {
        const step = e.attributes?.['secure_mcp.step'];
        const ms = e.attributes?.['secure_mcp.step.self_ms'];
        if (typeof step !== 'string' || typeof ms !== 'number') continue;
        const t = (stepTimes[step] ??= { totalMs: 0, n: 0 });
        t.totalMs += ms;
        t.n++;
      }
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const tracerProvider = new traceSdk.BasicTracerProvider({ spanProcessors: [collect] });
  const reader = new metricsSdk.PeriodicExportingMetricReader({
    exporter: new metricsSdk.InMemoryMetricExporter(metricsSdk.AggregationTemporality.CUMULATIVE),
    exportIntervalMillis: 60_000,
  });
  const meterProvider = new metricsSdk.MeterProvider({ readers: [reader] });
  return { tracerProvider, meterProvider };
}

async function secureMcp(
  cfg: ServerConfig,
  full: boolean,
  variant: { audit?: boolean; otel?: boolean; sdk?: '1' | '2' } = {},
): Promise<Served> {
  // BENCH_SECURE_MCP_DIST: measure another build (e.g. a patched copy) against the same harness.
  const smcp: any = await import(
    pathToFileURL(join(process.env.BENCH_SECURE_MCP_DIST ?? join(ROOT_DIR, 'dist'), 'index.js')).href
  );
  const cv: any = await import('class-validator');
  imported();
  const root = resolve(cfg.dataDir);
  const R: any = Reflect;
  const SafeFs = smcp.SafeFs;
  const SecretValue = smcp.SecretValue ?? Object;
  if (full) {
    const missing = ['ReadOnly', 'RateLimit', 'Audit', 'Secret', 'SafeFs'].filter((k) => !smcp[k]);
    if (missing.length) throw new Unavailable(`secure-mcp build does not export ${missing.join(', ')} yet`);
  }

  const classes = toolNames(cfg.tools).map((name) => {
    const field = name === 'read_file' ? 'path' : 'text';
    const Input = class {};
    Object.defineProperty(Input, 'name', { value: `${name}_input` });
    cv.IsString()(Input.prototype, field);
    cv.MaxLength(200)(Input.prototype, field);
    R.defineMetadata('design:type', String, Input.prototype, field);

    let T: any;
    if (!full) {
      T =
        name === 'read_file'
          ? class {
              execute(input: any) {
                return readUnder(root, input.path);
              }
            }
          : class {
              execute(input: any) {
                return input.text;
              }
            };
    } else {
      T =
        name === 'read_file'
          ? class {
              constructor(
                private readonly fs: any,
                private readonly key: any,
              ) {}
              execute(input: any) {
                return this.fs.readText(input.path);
              }
            }
          : class {
              constructor(
                private readonly fs: any,
                private readonly key: any,
              ) {}
              execute(input: any) {
                return input.text;
              }
            };
      R.defineMetadata('design:paramtypes', [SafeFs, SecretValue], T);
      smcp.Secret('BENCH_API_KEY')(T, undefined, 1);
      if (variant.audit !== false) smcp.Audit()(T);
      smcp.RateLimit({ limit: 1_000_000_000, window: '1m' })(T);
      smcp.ReadOnly()(T);
    }
    Object.defineProperty(T, 'name', { value: `${name}_tool` });
    smcp.Tool({ name, description: name === 'read_file' ? READ_DESC : ECHO_DESC, input: Input })(T);
    return T;
  });

  const options: any = { name: 'bench', version: '1.0.0', tools: classes, logging: { silent: true } };
  // Pinned: the root has both SDK lines installed, and unpinned secure-mcp would take the newer one.
  if (variant.sdk) options.sdk = variant.sdk;
  if (full) {
    options.roots = [root];
    options.audit = { file: cfg.auditFile };
    options.secrets = { values: { BENCH_API_KEY: SECRET_VALUE }, envFile: false, keychain: false };
    if (cfg.redisUrl) options.rateLimit = { redis: cfg.redisUrl };
  }
  if (variant.otel) options.telemetry = otelProviders();
  const server = await smcp.createServer(options);
  return {
    connect: (t) => server.connect(t),
    listenStdio: () => server.listen(),
    close: () => server.close(),
  };
}

export class Unavailable extends Error {}

// fastmcp ──────────────────────────────────────────────────────────────────────────────────────────
async function fastMcp(cfg: ServerConfig): Promise<Served> {
  const { FastMCP } = await import('fastmcp');
  const { z } = await import('zod');
  imported();
  const root = resolve(cfg.dataDir);
  const make = () => {
    const server = new FastMCP({ name: 'bench', version: '1.0.0' });
    for (const name of toolNames(cfg.tools)) {
      if (name === 'read_file')
        server.addTool({
          name,
          description: READ_DESC,
          parameters: z.object({ path: z.string().max(200) }),
          execute: async ({ path }) => readUnder(root, path),
        });
      else
        server.addTool({
          name,
          description: ECHO_DESC,
          parameters: z.object({ text: z.string().max(200) }),
          execute: async ({ text }) => text,
        });
    }
    return server;
  };
  let server: any;
  return {
    memoryNote: 'public FastMCP.connect(transport)',
    async connect(transport) {
      server ??= make();
      await server.connect(transport);
    },
    async listenStdio() {
      server = make();
      await server.start({ transportType: 'stdio' });
    },
    async close() {
      await server?.stop?.().catch(() => undefined);
    },
  };
}

// mcp-framework ────────────────────────────────────────────────────────────────────────────────────
async function mcpFramework(cfg: ServerConfig): Promise<Served> {
  process.env.MCP_ENABLE_FILE_LOGGING ??= 'false';
  const mf: any = await import('mcp-framework');
  // mcp-framework wants zod 3 (its own nested copy); fastmcp / MCP-Nest use zod 4.
  // Its `instanceof z.ZodObject` needs the ESM instance of that copy: import the package's `import` entry.
  const zodDir = join(BENCH_DIR, 'node_modules', 'mcp-framework', 'node_modules', 'zod');
  const zodPkg = JSON.parse(readFileSync(join(zodDir, 'package.json'), 'utf8'));
  const { z } = (await import(pathToFileURL(join(zodDir, zodPkg.exports['.'].import)).href)) as any;
  imported();
  const root = resolve(cfg.dataDir);
  const toolClasses = toolNames(cfg.tools).map((toolName) => {
    if (toolName === 'read_file') {
      const schema = z.object({ path: z.string().max(200).describe('file path under the data dir') });
      return class extends mf.MCPTool {
        name = toolName;
        description = READ_DESC;
        schema = schema;
        async execute(input: any) {
          // A content array passes through as is (a plain string would be JSON-stringified).
          return [{ type: 'text', text: await readUnder(root, input.path) }];
        }
      };
    }
    const schema = z.object({ text: z.string().max(200).describe('text to echo') });
    return class extends mf.MCPTool {
      name = toolName;
      description = ECHO_DESC;
      schema = schema;
      async execute(input: any) {
        return [{ type: 'text', text: input.text }];
      }
    };
  });
  const make = () => {
    const server = new mf.MCPServer({
      name: 'bench',
      version: '1.0.0',
      basePath: join(cfg.dataDir, 'mcp-framework-empty'),
      transport: { type: 'stdio' },
    });
    for (const C of toolClasses) server.addTool(C);
    return server;
  };
  let server: any;
  return {
    memoryNote: 'private createSDKServerForSession() (no public in-memory API)',
    async connect(transport) {
      server ??= make();
      await server.ensureInitialized();
      const sdk = server.createSDKServerForSession();
      for (const tool of server.toolsMap.values()) tool.injectServer?.(sdk);
      await sdk.connect(transport);
    },
    async listenStdio() {
      server = make();
      await server.start();
    },
    async close() {
      await server?.stop?.().catch(() => undefined);
    },
  };
}

// @rekog/mcp-nest 2.x (NestJS microservice strategy on the SDK 2.x split packages) ───────────────────
async function mcpNest(cfg: ServerConfig): Promise<Served> {
  const nest: any = await import('@rekog/mcp-nest');
  const common: any = await import('@nestjs/common');
  const core: any = await import('@nestjs/core');
  const micro: any = await import('@nestjs/microservices');
  const { z } = await import('zod');
  imported();
  const root = resolve(cfg.dataDir);
  const R: any = Reflect;

  // One controller holding every tool as a method, as MCP-Nest users write it.
  const Controller: any = class {};
  for (const name of toolNames(cfg.tools)) {
    const isRead = name === 'read_file';
    Controller.prototype[name] = isRead
      ? async (payload: any) => ({ content: [{ type: 'text', text: await readUnder(root, payload.path) }] })
      : async (payload: any) => ({ content: [{ type: 'text', text: payload.text }] });
    const desc = Object.getOwnPropertyDescriptor(Controller.prototype, name)!;
    R.defineMetadata('design:paramtypes', [Object], Controller.prototype, name);
    micro.Payload()(Controller.prototype, name, 0);
    const decorated = nest.Tool({
      name,
      description: isRead ? READ_DESC : ECHO_DESC,
      parameters: isRead ? z.object({ path: z.string().max(200) }) : z.object({ text: z.string().max(200) }),
    })(Controller.prototype, name, desc);
    Object.defineProperty(Controller.prototype, name, decorated ?? desc);
  }
  nest.McpController()(Controller);

  // In-memory: an McpTransport (MCP-Nest's own transport interface) that binds one session server
  // to the in-memory transport, the same way its StdioTransport binds one to stdio.
  let pending: Transport | undefined;
  class InMemoryNestTransport {
    readonly kind = 'stdio';
    server: any;
    async start(ctx: any) {
      if (!pending) return;
      this.server = ctx.createBoundServer({ transport: 'stdio', stateless: false, era: 'legacy' });
      await this.server.connect(pending);
    }
    async close() {
      await this.server?.close?.();
    }
  }

  let app: any;
  const boot = async (transport: any) => {
    const strategy = new nest.McpStrategy({ name: 'bench', version: '1.0.0', transports: [transport] });
    const Module: any = class {};
    common.Module({ controllers: [Controller] })(Module);
    app = await core.NestFactory.createMicroservice(Module, { strategy, logger: false });
    await app.listen();
  };
  return {
    memoryNote: 'own McpTransport implementation (public McpTransport interface) over createBoundServer',
    async connect(transport) {
      pending = transport;
      await boot(new InMemoryNestTransport());
    },
    async listenStdio() {
      await boot(new nest.StdioTransport());
    },
    async close() {
      await app?.close?.().catch(() => undefined);
    },
  };
}
