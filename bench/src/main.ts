// The benchmark orchestrator: node bench/run.js [--quick] [--rounds=N] [--only=a,b] [--no-write]
// Runs every scenario side by side, one measurement per fresh process, interleaving scenarios round by
// round (the order rotates and reverses each round) and reporting the median over rounds, so that noise on
// the shared CPU does not favour one scenario. Writes bench/results/latest.json and the table in
// bench/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem, type as osType, release } from 'node:os';
import { createServer as netServer, connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  BENCH_DIR,
  LABELS,
  LINE_SCENARIOS,
  SCENARIOS,
  type ScenarioId,
  type ServerConfig,
} from './scenarios';
import type { CallsTask, StartupTask, Task } from './worker';
import { renderMarkdown, writeReadme } from './report';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const QUICK = flag('quick');
const benchDir = BENCH_DIR;

// Quick: one round, small counts, stdio only for scenarios 1-4 of each SDK line, start-up only for 1 and 4
// (CI smoke; about a minute on an idle 2-core box).
// Full: three interleaved rounds, start-up with 1/50/200 tools on both transports, memory after 100k calls.
const CFG = QUICK
  ? {
      rounds: 1,
      warmup: 100,
      seq: 200,
      conc: 400,
      startupSizes: [1, 200],
      startupRounds: 1,
      startupTransports: ['stdio'] as const,
      stdioScenarios: [...LINE_SCENARIOS] as string[] | undefined,
      startupScenarios: ['raw-sdk', 'secure-full', 'raw-sdk-2', 'secure-full-2'] as string[] | undefined,
      memoryCalls: 0,
    }
  : {
      rounds: 3,
      warmup: 300,
      seq: 1000,
      conc: 2000,
      startupSizes: [1, 50, 200],
      startupRounds: 1,
      startupTransports: ['memory', 'stdio'] as const,
      stdioScenarios: undefined,
      startupScenarios: undefined,
      memoryCalls: 100_000,
    };
if (opt('rounds')) CFG.rounds = Number(opt('rounds'));
const IN_FLIGHT = 32;
const only = opt('only')?.split(',') as ScenarioId[] | undefined;
const TRANSPORTS = ['memory', 'stdio'] as const;

const work = mkdtempSync(join(tmpdir(), 'secure-mcp-bench-'));
const dataDir = join(work, 'data');
mkdirSync(dataDir);
writeFileSync(join(dataDir, 'small.txt'), 'secure-mcp bench: a small file.\n'.repeat(8));

interface Row {
  scenario: ScenarioId;
  transport: string;
  round: number;
  load1: number;
  result: any;
  wallMs: number;
}

function runWorker(task: Task): Promise<any> {
  const out = join(work, `out-${Math.random().toString(36).slice(2)}.json`);
  return new Promise((resolve) => {
    // cwd and SECURE_MCP_STATE_DIR in the scratch dir: no project policy file is picked up, and the usage
    // file (default on) is written there, not in the user's state dir.
    const child = spawn(
      process.execPath,
      ['--expose-gc', join(__dirname, 'worker.js'), JSON.stringify(task), out],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        cwd: work,
        env: { ...process.env, SECURE_MCP_STATE_DIR: join(work, 'state') },
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-3000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')));
      } catch {
        resolve({ failed: `worker exited ${code}: ${stderr}` });
      }
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = netServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function startRedis(): Promise<{ url?: string; note: string; stop(): void }> {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    return {
      note: 'redis-server not installed: scenario 5 skipped (apt-get install -y redis-server)',
      stop() {},
    };
  }
  const port = await freePort();
  const pidFile = join(work, 'redis.pid');
  const r = spawnSync(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--pidfile',
      pidFile,
      '--logfile',
      join(work, 'redis.log'),
      '--dir',
      work,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) return { note: `redis-server failed to start: ${r.stderr}`, stop() {} };
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise<boolean>((res) => {
      const c = netConnect(port, '127.0.0.1', () => (c.end(), res(true)));
      c.on('error', () => res(false));
    });
    if (ok) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
    .stdout.trim()
    .split(' ')
    .find((w) => w.startsWith('v='));
  return {
    url: `redis://127.0.0.1:${port}`,
    note: `local redis-server ${version ?? ''} on 127.0.0.1:${port}, started by the bench`,
    stop() {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function order<T>(list: readonly T[], round: number): T[] {
  const n = list.length;
  const rotated = list.map((_, i) => list[(i + round) % n]);
  return round % 2 ? rotated.reverse() : rotated;
}

(async () => {
  const started = performance.now();
  const loadStart = loadavg();
  const redis = await startRedis();
  const notes: string[] = [redis.note];
  let scenarios = (only ?? [...SCENARIOS]).filter((s) => SCENARIOS.includes(s));
  if (!redis.url) scenarios = scenarios.filter((s) => s !== 'secure-full-redis');
  const unavailable: Record<string, string> = {};
  const serverFor = (s: ScenarioId, tools: number, tag: string): ServerConfig => ({
    tools,
    dataDir,
    auditFile:
      s.startsWith('secure-full') && s !== 'secure-full-noaudit'
        ? join(work, `audit-${s}-${tag}.jsonl`)
        : undefined,
    redisUrl: s === 'secure-full-redis' ? redis.url : undefined,
  });
  const log = (s: string) => process.stderr.write(`${s}\n`);

  // Per-call measurements, interleaved.
  const rows: Row[] = [];
  for (let round = 0; round < CFG.rounds; round++) {
    for (const scenario of order(scenarios, round)) {
      for (const transport of round % 2 ? [...TRANSPORTS].reverse() : TRANSPORTS) {
        if (
          unavailable[scenario] ||
          (transport === 'stdio' && CFG.stdioScenarios && !CFG.stdioScenarios.includes(scenario))
        )
          continue;
        const task: CallsTask = {
          kind: 'calls',
          scenario,
          transport,
          warmup: CFG.warmup,
          seq: CFG.seq,
          conc: CFG.conc,
          inFlight: IN_FLIGHT,
          server: serverFor(scenario, 2, `${transport}-${round}`),
        };
        const t0 = performance.now();
        const load1 = loadavg()[0];
        const result = await runWorker(task);
        const wallMs = performance.now() - t0;
        if (result.unavailable) unavailable[scenario] = result.unavailable;
        rows.push({ scenario, transport, round, load1, result, wallMs });
        const e = result.results?.['echo/seq'];
        log(
          `round ${round + 1}/${CFG.rounds} ${scenario.padEnd(18)} ${transport.padEnd(6)} ` +
            (e
              ? `echo seq ${e.callsPerSec.toFixed(0)}/s p50 ${e.p50Ms.toFixed(3)} ms`
              : (result.unavailable ?? result.failed ?? '').split('\n')[0]) +
            `  (${(wallMs / 1000).toFixed(1)} s, load ${load1.toFixed(2)})`,
        );
      }
    }
  }

  // Start-up to first tools/list, interleaved likewise.
  const startup: Array<{
    scenario: ScenarioId;
    transport: string;
    tools: number;
    round: number;
    result: any;
  }> = [];
  for (let round = 0; round < CFG.startupRounds; round++) {
    for (const tools of CFG.startupSizes) {
      for (const scenario of order(scenarios, round)) {
        if (unavailable[scenario] || (CFG.startupScenarios && !CFG.startupScenarios.includes(scenario)))
          continue;
        for (const transport of CFG.startupTransports) {
          const task: StartupTask = {
            kind: 'startup',
            scenario,
            transport,
            server: serverFor(scenario, tools, `start-${tools}-${round}`),
          };
          const result = await runWorker(task);
          startup.push({ scenario, transport, tools, round, result });
          log(
            `startup ${scenario.padEnd(18)} ${transport.padEnd(6)} ${String(tools).padStart(3)} tools: ` +
              (result.startupMs
                ? `${result.startupMs.toFixed(0)} ms`
                : (result.failed ?? result.unavailable ?? '').split('\n')[0]),
          );
        }
      }
    }
  }

  // Memory after 100k calls (full mode): in memory, so client + server share the measured heap.
  const memory: Record<string, any> = {};
  if (CFG.memoryCalls) {
    // The Redis variant differs from scenario 4 only in the store; skipped here to keep the run short.
    for (const scenario of scenarios.filter((s) =>
      ['raw-sdk', 'mcpserver-zod', 'secure-bare', 'secure-full', 'raw-sdk-2', 'secure-full-2'].includes(s),
    )) {
      if (unavailable[scenario]) continue;
      const task: CallsTask = {
        kind: 'calls',
        scenario,
        transport: 'memory',
        warmup: 200,
        seq: 10,
        conc: 10,
        inFlight: IN_FLIGHT,
        memoryCalls: CFG.memoryCalls,
        server: serverFor(scenario, 2, 'mem'),
      };
      const result = await runWorker(task);
      memory[scenario] = result.memory
        ? { ...result.memory, audit: result.audit, errors: result.errors }
        : { failed: result.failed ?? result.unavailable };
      log(
        `memory ${scenario.padEnd(18)} ${result.memory ? `${result.memory.heapUsedAfterMB.toFixed(1)} MB heap after ${CFG.memoryCalls} calls` : (result.failed ?? '').split('\n')[0]}`,
      );
    }
  }
  redis.stop();

  // Aggregate: median over rounds.
  const agg: Record<string, Record<string, any>> = {};
  const failures: Record<string, string> = {};
  for (const scenario of scenarios) {
    for (const transport of TRANSPORTS) {
      const mine = rows.filter((r) => r.scenario === scenario && r.transport === transport);
      const ok = mine.filter((r) => r.result.results);
      const key = `${scenario}/${transport}`;
      if (!ok.length) {
        const why = mine[0]?.result.unavailable ?? mine[0]?.result.failed;
        if (why) failures[key] = why;
        continue;
      }
      const metrics: Record<string, any> = {};
      for (const m of Object.keys(ok[0].result.results)) {
        metrics[m] = {
          callsPerSec: median(ok.map((r) => r.result.results[m]?.callsPerSec)),
          meanMs: median(ok.map((r) => r.result.results[m]?.meanMs)),
          trimMeanMs: median(ok.map((r) => r.result.results[m]?.trimMeanMs)),
          p50Ms: median(ok.map((r) => r.result.results[m]?.p50Ms)),
          p99Ms: median(ok.map((r) => r.result.results[m]?.p99Ms)),
          rounds: ok.map((r) => +r.result.results[m]?.callsPerSec.toFixed(0)),
        };
      }
      agg[key] = {
        metrics,
        errors: ok.reduce((a, r) => a + (r.result.errors ?? 0), 0),
        firstError: ok.find((r) => r.result.firstError)?.result.firstError,
        note: ok[0].result.note,
        steps: mergeSteps(ok.map((r) => r.result.steps).filter(Boolean)),
        audit: ok.some((r) => r.result.audit)
          ? {
              records: ok.reduce((a, r) => a + (r.result.audit?.records ?? 0), 0),
              callsMade: ok.reduce((a, r) => a + (r.result.audit?.callsMade ?? 0), 0),
              lost: ok.reduce((a, r) => a + (r.result.audit?.lost ?? 0), 0),
            }
          : undefined,
      };
    }
  }
  const startupAgg: Record<string, Record<string, number>> = {};
  for (const s of startup) {
    const key = `${s.scenario}/${s.transport}`;
    startupAgg[key] ??= {};
    const vals = startup
      .filter((x) => x.scenario === s.scenario && x.transport === s.transport && x.tools === s.tools)
      .map((x) => x.result.startupMs);
    startupAgg[key][String(s.tools)] = median(vals);
    const imports = startup
      .filter((x) => x.scenario === s.scenario && x.transport === s.transport && x.tools === s.tools)
      .map((x) => x.result.importMs);
    if (imports.some(Number.isFinite)) startupAgg[key][`${s.tools}:import`] = median(imports);
    if (!vals.some(Number.isFinite))
      failures[`${key}/startup-${s.tools}`] ??= s.result.failed ?? s.result.unavailable;
  }

  const loadEnd = loadavg();
  const rootPkg = JSON.parse(readFileSync(join(benchDir, '..', 'package.json'), 'utf8'));
  const benchPkg = JSON.parse(readFileSync(join(benchDir, 'package.json'), 'utf8'));
  const rootVersionOf = (name: string): string | undefined => {
    const p = join(benchDir, '..', 'node_modules', name, 'package.json');
    return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')).version : undefined;
  };
  const versionOf = (name: string) => {
    for (const base of [join(benchDir, 'node_modules'), join(benchDir, '..', 'node_modules')]) {
      const p = join(base, name, 'package.json');
      if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8')).version;
    }
    return undefined;
  };
  const gitRev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: benchDir,
    encoding: 'utf8',
  }).stdout.trim();
  const results = {
    mode: QUICK ? 'quick' : 'full',
    date: new Date().toISOString(),
    durationSec: (performance.now() - started) / 1000,
    machine: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      memGB: +(totalmem() / 2 ** 30).toFixed(1),
      os: `${osType()} ${release()}`,
      node: process.version,
      loadStart: loadStart.map((x) => +x.toFixed(2)),
      loadEnd: loadEnd.map((x) => +x.toFixed(2)),
      loadDuringRuns: {
        min: Math.min(...rows.map((r) => r.load1)),
        median: median(rows.map((r) => r.load1)),
        max: Math.max(...rows.map((r) => r.load1)),
      },
    },
    versions: {
      'secure-mcp': `${rootPkg.version} (${gitRev})`,
      ...Object.fromEntries(
        [
          '@modelcontextprotocol/sdk',
          'zod',
          'fastmcp',
          'mcp-framework',
          '@rekog/mcp-nest',
          '@modelcontextprotocol/server',
          '@nestjs/core',
        ].map((n) => [n, versionOf(n)]),
      ),
    },
    config: { ...CFG, inFlight: IN_FLIGHT, scenarios, labels: LABELS, benchDeps: benchPkg.dependencies },
    notes: [
      ...notes,
      // secure-mcp loads its SDK from the root's node_modules, the raw floors from bench/node_modules.
      `secure-mcp runs on the root's ${['@modelcontextprotocol/sdk', '@modelcontextprotocol/server']
        .map((n) => `${n} ${rootVersionOf(n) ?? 'missing'}`)
        .join(
          ' and ',
        )}, pinned per scenario with createServer({ sdk }); every scenario is driven by the 1.x Client`,
      ...Object.entries(unavailable).map(([s, why]) => `${s}: ${why}`),
    ],
    calls: agg,
    startup: startupAgg,
    memory,
    failures,
    raw: { rows: rows.map((r) => ({ ...r, result: { ...r.result, firstError: undefined } })), startup },
  };
  const md = renderMarkdown(results);
  if (!flag('no-write')) {
    mkdirSync(join(benchDir, 'results'), { recursive: true });
    writeFileSync(
      join(benchDir, 'results', QUICK ? 'quick.json' : 'latest.json'),
      JSON.stringify(results, null, 2) + '\n',
    );
    if (!QUICK || flag('readme')) writeReadme(join(benchDir, 'README.md'), md);
  }
  process.stdout.write(md + '\n');
  rmSync(work, { recursive: true, force: true });
  // A smoke must fail when secure-mcp breaks (not when it is slow: no timing is asserted).
  const broken = [
    ...Object.keys(failures).filter((k) => k.startsWith('secure')),
    ...Object.entries(agg)
      .filter(([k, a]) => k.startsWith('secure') && (a.errors > 0 || (a.audit && a.audit.lost !== 0)))
      .map(([k, a]) => `${k}: ${a.errors} wrong results, ${a.audit?.lost ?? 0} audit records lost`),
  ];
  if (broken.length) {
    console.error(`bench: secure-mcp scenarios broken: ${broken.join('; ')}`);
    process.exitCode = 1;
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});

/** Per-step own time over all rounds: mean µs per call that went through the step. */
function mergeSteps(all: Array<Record<string, { totalMs: number; n: number }>>) {
  if (!all.length) return undefined;
  const sum: Record<string, { totalMs: number; n: number }> = {};
  for (const one of all)
    for (const [k, v] of Object.entries(one)) {
      const t = (sum[k] ??= { totalMs: 0, n: 0 });
      t.totalMs += v.totalMs;
      t.n += v.n;
    }
  return Object.fromEntries(
    Object.entries(sum).map(([k, v]) => [k, { meanUs: (v.totalMs / v.n) * 1000, n: v.n }]),
  );
}
