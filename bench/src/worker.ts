// One measurement in a fresh process: node --expose-gc bench/dist/worker.js '<Task json>' <out.json>
// A fresh process per (scenario, transport, round) keeps JIT state, caches and garbage of one
// framework from colouring another's numbers.
import { performance } from 'node:perf_hooks';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { SECRET_VALUE, Unavailable, type ScenarioId, type ServerConfig } from './scenarios';

export interface CallsTask {
  kind: 'calls';
  scenario: ScenarioId;
  transport: 'memory' | 'stdio';
  warmup: number;
  seq: number; // sequential calls per tool
  conc: number; // calls per tool with `inFlight` in flight
  inFlight: number;
  memoryCalls?: number; // full mode: this many extra echo calls, then heap after GC
  server: ServerConfig;
  tools?: string[]; // default: echo and read_file
  cpuProf?: string; // directory: profile the server side (memory: this process; stdio: the server)
}
export interface StartupTask {
  kind: 'startup';
  scenario: ScenarioId;
  transport: 'memory' | 'stdio';
  server: ServerConfig;
}
export type Task = CallsTask | StartupTask;

export interface Stats {
  n: number;
  callsPerSec: number;
  meanMs: number;
  /** Mean of the fastest 95 % of calls: drops the preemption tail of a shared CPU, keeps the body. */
  trimMeanMs: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU µs per call of this process during the run (in memory: client and server together). */
  cpuUsPerCall?: number;
  /**
   * CPU µs per call of the main thread alone (Linux schedstat): what bounds throughput when the loop is never
   * idle; the process figure also counts the GC's helper threads.
   */
  mainCpuUsPerCall?: number;
  /** Event-loop utilisation during the run (1: never idle; below 1: the loop waited for I/O or timers). */
  elu?: number;
}

const serveJs = join(__dirname, 'serve.js');

async function connectClient(
  task: Task,
): Promise<{ client: any; closeAll: () => Promise<void>; note?: string; pid?: number }> {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const client = new Client({ name: 'bench-client', version: '1.0.0' });
  if (task.transport === 'stdio') {
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const execArgv =
      task.kind === 'calls' && task.cpuProf
        ? ['--cpu-prof', `--cpu-prof-dir=${task.cpuProf}`, '--cpu-prof-interval=100']
        : [];
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [...execArgv, serveJs, task.scenario, JSON.stringify(task.server)],
      env: { ...process.env, BENCH_API_KEY: SECRET_VALUE } as Record<string, string>,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    try {
      await client.connect(transport);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${stderr}`);
    }
    const pid = transport.pid;
    return {
      client,
      pid: pid ?? undefined,
      closeAll: async () => {
        await client.close();
        // Wait for the server process to exit (it flushes its audit log on stdin close / SIGTERM).
        for (let i = 0; i < 100 && pid && alive(pid); i++) await sleep(50);
      },
    };
  }
  const { InMemoryTransport } = await import('@modelcontextprotocol/sdk/inMemory.js');
  const { makeServer } = await import('./scenarios.js');
  const served = await makeServer(task.scenario, task.server);
  if (!served.connect) throw new Unavailable('no in-memory connection');
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await served.connect(serverSide as Transport);
  await client.connect(clientSide);
  return {
    client,
    note: served.memoryNote,
    closeAll: async () => {
      await client.close();
      await served.close();
    },
  };
}

/** utime + stime of a process in ms (Linux /proc, 100 Hz ticks); undefined elsewhere. */
function procCpuMs(pid: number): number | undefined {
  if (!existsSync(`/proc/${pid}/stat`)) return undefined;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stats(lat: Float64Array, totalMs: number): Stats {
  const sorted = Float64Array.from(lat).sort();
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  let sum = 0;
  for (const x of lat) sum += x;
  const keep = Math.max(1, Math.floor(sorted.length * 0.95));
  let trim = 0;
  for (let i = 0; i < keep; i++) trim += sorted[i];
  return {
    n: lat.length,
    callsPerSec: lat.length / (totalMs / 1000),
    meanMs: sum / lat.length,
    trimMeanMs: trim / keep,
    p50Ms: q(0.5),
    p99Ms: q(0.99),
  };
}

/** RssAnon / RssFile / RssShmem of this process in MB (Linux /proc), to tell heap-like growth from mapped files. */
function procMemory(): Record<string, number> | undefined {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const out: Record<string, number> = {};
    for (const m of status.matchAll(/^(RssAnon|RssFile|RssShmem|VmRSS):\s+(\d+) kB/gm))
      out[m[1]] = +(Number(m[2]) / 1024).toFixed(1);
    // LazyFree: pages given back with madvise(MADV_FREE), still counted in RSS until the kernel needs them.
    const rollup = readFileSync('/proc/self/smaps_rollup', 'utf8');
    for (const m of rollup.matchAll(/^(LazyFree|Anonymous|Rss):\s+(\d+) kB/gm))
      out[m[1]] = +(Number(m[2]) / 1024).toFixed(1);
    return out;
  } catch {
    return undefined;
  }
}

/** CPU time (ns) of this process's main thread, from Linux schedstat; undefined elsewhere. */
function mainThreadCpuNs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

async function drive(n: number, inFlight: number, call: (i: number) => Promise<void>): Promise<Stats> {
  const lat = new Float64Array(n);
  let next = 0;
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuNs();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const s = performance.now();
      await call(i);
      lat[i] = performance.now() - s;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, lane));
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0).utilization;
  const main1 = mainThreadCpuNs();
  return {
    ...stats(lat, totalMs),
    cpuUsPerCall: (cpu.user + cpu.system) / n,
    mainCpuUsPerCall: main0 !== undefined && main1 !== undefined ? (main1 - main0) / 1000 / n : undefined,
    elu,
  };
}

const TEXT = 'The quick brown fox jumps over the lazy dog';
const FILE_TEXT = 'secure-mcp bench: a small file.\n'.repeat(8);

async function runCalls(task: CallsTask) {
  const { client, closeAll, note, pid } = await connectClient(task);
  const serverCpu0 = pid ? procCpuMs(pid) : undefined;
  const cpu0 = process.cpuUsage();
  let made = 0;
  let errors = 0;
  let firstError: string | undefined;
  const calls: Record<string, (i: number) => Promise<void>> = {
    echo: async (i) => {
      made++;
      const text = `${TEXT} ${i}`;
      const r: any = await client.callTool({ name: 'echo', arguments: { text } });
      if (r.isError || r.content?.[0]?.text !== text) {
        errors++;
        firstError ??= JSON.stringify(r).slice(0, 300);
      }
    },
    read_file: async () => {
      made++;
      const r: any = await client.callTool({ name: 'read_file', arguments: { path: 'small.txt' } });
      if (r.isError || r.content?.[0]?.text !== FILE_TEXT) {
        errors++;
        firstError ??= JSON.stringify(r).slice(0, 300);
      }
    },
  };
  const out: any = { note, results: {} };
  const toolList = task.tools ?? ['echo', 'read_file'];
  for (const tool of toolList) {
    await drive(task.warmup, 1, calls[tool]);
    await drive(task.warmup, task.inFlight, calls[tool]);
  }
  const { Session } = await import('node:inspector');
  let session: any;
  if (task.cpuProf && task.transport === 'memory') {
    session = new Session();
    session.connect();
    await new Promise((r) => session.post('Profiler.enable', r));
    // 100 µs instead of the default 1 ms: a call takes tens of µs, so the default sees too few samples.
    await new Promise((r) => session.post('Profiler.setSamplingInterval', { interval: 100 }, r));
    await new Promise((r) => session.post('Profiler.start', r));
  }
  // Scenario 4b: the per-step table counts sequential calls only (with 32 in flight a step's wall time
  // includes waiting for the other calls).
  const { stepTimes } = await import('./scenarios.js');
  const seqSteps: Record<string, { totalMs: number; n: number }> = {};
  for (const tool of toolList) {
    const before = JSON.parse(JSON.stringify(stepTimes)) as typeof stepTimes;
    out.results[`${tool}/seq`] = await drive(task.seq, 1, calls[tool]);
    for (const [k, v] of Object.entries(stepTimes)) {
      const t = (seqSteps[k] ??= { totalMs: 0, n: 0 });
      t.totalMs += v.totalMs - (before[k]?.totalMs ?? 0);
      t.n += v.n - (before[k]?.n ?? 0);
    }
    out.results[`${tool}/c${task.inFlight}`] = await drive(task.conc, task.inFlight, calls[tool]);
  }
  if (session) {
    const profile: any = await new Promise((r) =>
      session.post('Profiler.stop', (_e: unknown, p: any) => r(p.profile)),
    );
    writeFileSync(join(task.cpuProf!, `${task.scenario}-memory.cpuprofile`), JSON.stringify(profile));
  }
  if (task.memoryCalls) {
    const gc = (globalThis as any).gc as () => void;
    gc();
    gc();
    // Warm-up of the memory run itself (JIT, pools, the audit file's page cache), then the measured calls.
    await drive(Math.min(10_000, task.memoryCalls / 10), task.inFlight, calls.echo);
    gc();
    gc();
    const procBefore = procMemory();
    const before = process.memoryUsage();
    const spacesBeforeMB = Object.fromEntries(
      getHeapSpaceStatistics().map((sp) => [sp.space_name, +(sp.space_size / 2 ** 20).toFixed(1)]),
    );
    out.results.memory = await drive(task.memoryCalls, task.inFlight, calls.echo);
    gc();
    gc();
    const after = process.memoryUsage();
    const procAfter = procMemory();
    out.memory = {
      calls: task.memoryCalls,
      heapUsedBeforeMB: before.heapUsed / 2 ** 20,
      heapUsedAfterMB: after.heapUsed / 2 ** 20,
      rssBeforeMB: before.rss / 2 ** 20,
      rssAfterMB: after.rss / 2 ** 20,
      // Where RSS growth with a flat heap goes: V8's committed heap (new space grows with the allocation
      // rate), memory outside the heap (Buffers), or neither (the allocator keeps freed pages).
      heapTotalBeforeMB: before.heapTotal / 2 ** 20,
      heapTotalAfterMB: after.heapTotal / 2 ** 20,
      externalBeforeMB: before.external / 2 ** 20,
      externalAfterMB: after.external / 2 ** 20,
      spacesAfterMB: Object.fromEntries(
        getHeapSpaceStatistics().map((sp) => [sp.space_name, +(sp.space_size / 2 ** 20).toFixed(1)]),
      ),
      spacesBeforeMB,
      procBefore,
      procAfter,
      // The kernel's RSS counter (process.memoryUsage().rss) is approximate (per-CPU counters): it read up to
      // 40 MB above the exact page-table walk (smaps_rollup) in some runs, so the target uses the exact one.
      rssExactBeforeMB: procBefore?.Rss,
      rssExactAfterMB: procAfter?.Rss,
    };
  }
  // CPU time of the server process over stdio (Linux) and of this process, from the first call to the last:
  // less exposed to a busy machine than wall time.
  if (pid && serverCpu0 !== undefined) out.serverCpuMs = procCpuMs(pid)! - serverCpu0;
  const cpu = process.cpuUsage(cpu0);
  out.clientCpuMs = (cpu.user + cpu.system) / 1000;
  await closeAll();
  if (task.transport === 'memory' && task.scenario === 'secure-full-otel') {
    const { otelCounts } = await import('./scenarios.js');
    out.steps = seqSteps;
    out.spans = otelCounts.spans;
  }
  out.callsMade = made;
  out.errors = errors;
  out.firstError = firstError;
  if (task.server.auditFile) {
    const lines = existsSync(task.server.auditFile)
      ? readFileSync(task.server.auditFile, 'utf8').split('\n').filter(Boolean).length
      : 0;
    out.audit = { records: lines, callsMade: made, lost: made - lines };
  }
  return out;
}

async function runStartup(task: StartupTask) {
  const t0 = performance.now();
  const { client, closeAll } = await connectClient(task);
  const listed = await client.listTools();
  const ms = performance.now() - t0;
  const { timing } = await import('./scenarios.js');
  await closeAll();
  if (listed.tools.length !== task.server.tools) throw new Error(`listed ${listed.tools.length} tools`);
  // In memory: how much of it was importing the framework (module loading) vs. building the server.
  const importMs = task.transport === 'memory' && timing.importedAt ? timing.importedAt - t0 : undefined;
  return { startupMs: ms, importMs, tools: listed.tools.length };
}

(async () => {
  const task = JSON.parse(process.argv[2]) as Task;
  const outFile = process.argv[3];
  let result: any;
  try {
    result = task.kind === 'calls' ? await runCalls(task) : await runStartup(task);
  } catch (error) {
    result =
      error instanceof Unavailable
        ? { unavailable: error.message }
        : { failed: String((error as Error)?.stack ?? error).slice(0, 1500) };
  }
  writeFileSync(outFile, JSON.stringify(result));
  process.exit(0);
})();
