// A/B of two builds of secure-mcp on the same harness, interleaved (A, B, B, A, A, B...), in memory or over stdio:
//   node bench/dist/ab.js <distA> <distB> [--only=secure-bare,secure-full] [--rounds=6] [--calls=2000]
//        [--transport=stdio] [--tools=echo] [--envB=NAME=VALUE]   (an environment variable for B only)
// A dist copy must sit inside the repository (e.g. ./dist-base) so that it resolves the root's node_modules.
// e.g. A = ./dist (main), B = a patched copy's dist. Prints the median per-call time of each and B/A.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CallsTask } from './worker';
import type { ScenarioId } from './scenarios';

const argv = process.argv.slice(2);
const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const [distA, distB] = argv.filter((a) => !a.startsWith('--')).map((p) => resolve(p));
const scenarios = (opt('only')?.split(',') ?? ['secure-bare', 'secure-full']) as ScenarioId[];
const rounds = Number(opt('rounds') ?? 6);
const calls = Number(opt('calls') ?? 2000);
const transport = opt('transport') === 'stdio' ? 'stdio' : 'memory';
const tools = opt('tools')?.split(',');
const envB = argv.find((a) => a.startsWith('--envB='))?.slice('--envB='.length);
const work = mkdtempSync(join(tmpdir(), 'secure-mcp-ab-'));
mkdirSync(join(work, 'data'));
writeFileSync(join(work, 'data', 'small.txt'), 'secure-mcp bench: a small file.\n'.repeat(8));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const samples: Record<string, number[]> = {};
for (let round = 0; round < rounds; round++) {
  for (const scenario of scenarios) {
    const pair =
      round % 2
        ? [
            ['B', distB],
            ['A', distA],
          ]
        : [
            ['A', distA],
            ['B', distB],
          ];
    for (const [label, dist] of pair) {
      const task: CallsTask = {
        kind: 'calls',
        scenario,
        transport,
        warmup: 500,
        tools,
        seq: calls,
        conc: calls,
        inFlight: 32,
        server: {
          tools: 2,
          dataDir: join(work, 'data'),
          auditFile: join(work, `audit-${label}-${round}.jsonl`),
        },
      };
      const out = join(work, 'out.json');
      spawnSync(process.execPath, [join(__dirname, 'worker.js'), JSON.stringify(task), out], {
        stdio: 'inherit',
        cwd: work,
        env: {
          ...process.env,
          BENCH_SECURE_MCP_DIST: dist,
          SECURE_MCP_STATE_DIR: join(work, 'state'),
          ...(label === 'B' && envB
            ? { [envB.slice(0, envB.indexOf('='))]: envB.slice(envB.indexOf('=') + 1) }
            : {}),
        },
      });
      const r = JSON.parse(readFileSync(out, 'utf8'));
      if (!r.results) throw new Error(r.failed ?? r.unavailable);
      // CPU µs per call (all calls, warm-up included): of the server process over stdio, of the one process in memory.
      const cpuMs = transport === 'stdio' ? r.serverCpuMs : r.clientCpuMs;
      if (cpuMs !== undefined)
        (samples[`${scenario} cpu-us/call ${label}`] ??= []).push((cpuMs * 1000) / r.callsMade);
      for (const [m, v] of Object.entries<any>(r.results)) {
        (samples[`${scenario} ${m} ${label}`] ??= []).push(
          m.endsWith('/seq') ? v.trimMeanMs : 1000 / v.callsPerSec,
        );
      }
    }
  }
}
console.log(
  `A = ${distA}\nB = ${distB}\n${transport}, ${rounds} interleaved rounds, ${calls} calls per tool and mode; per-call ms (median), B/A`,
);
for (const key of Object.keys(samples).filter((k) => k.endsWith(' A'))) {
  const base = key.slice(0, -2);
  const a = median(samples[key]);
  const b = median(samples[`${base} B`]);
  console.log(`${base.padEnd(34)} A ${a.toFixed(4)}  B ${b.toFixed(4)}  B/A ${(b / a).toFixed(3)}`);
}
