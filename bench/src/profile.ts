// CPU profile of the steady state (after warm-up) of chosen scenarios, in memory or over stdio:
//   node bench/run.js --profile [--only=secure-bare,secure-full] [--calls=N] [--transport=stdio]
// Over stdio the server child process is profiled for its whole life (start-up included: use enough calls).
// Raw profiles go to bench/profiles/ (git-ignored; open them in Chrome DevTools); a summary of self time
// by function and by package goes to bench/results/profile-<scenario>.txt.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BENCH_DIR, ROOT_DIR, type ScenarioId } from './scenarios';
import type { CallsTask, StartupTask } from './worker';

const argv = process.argv.slice(2);
const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const scenarios = (opt('only')?.split(',') ?? [
  'mcpserver-zod',
  'secure-bare',
  'secure-full',
]) as ScenarioId[];
const calls = Number(opt('calls') ?? 5000);
const tools = opt('tools')?.split(',') ?? ['echo', 'read_file'];
const transport = opt('transport') === 'stdio' ? 'stdio' : 'memory';
const benchDir = BENCH_DIR;
const rootDir = ROOT_DIR;
const profDir = join(benchDir, 'profiles');
mkdirSync(profDir, { recursive: true });
mkdirSync(join(benchDir, 'results'), { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'secure-mcp-prof-'));
mkdirSync(join(work, 'data'));
writeFileSync(join(work, 'data', 'small.txt'), 'secure-mcp bench: a small file.\n'.repeat(8));

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

function pkgOf(url: string): string {
  if (!url) return '(native/gc)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0)
    return path
      .slice(nm + 13)
      .split('/')
      .slice(0, path.slice(nm + 13).startsWith('@') ? 2 : 1)
      .join('/');
  if (path.startsWith(join(rootDir, 'dist')))
    return `secure-mcp ${relative(join(rootDir, 'dist'), path).split('/')[0]}/`;
  if (path.startsWith(benchDir)) return 'bench harness (client loop)';
  return path;
}

// --startup=N: profile the whole life of a fresh process that builds a server with N tools (in memory) and
// lists them once: module loading plus createServer. Summary in results/profile-startup-<scenario>-<N>.txt.
const startupTools = opt('startup') ? Number(opt('startup')) : 0;
for (const scenario of startupTools ? scenarios : []) {
  const task: StartupTask = {
    kind: 'startup',
    scenario,
    transport: 'memory',
    server: {
      tools: startupTools,
      dataDir: join(work, 'data'),
      auditFile: join(work, 'audit-startup.jsonl'),
    },
  };
  const out = join(work, 'out.json');
  const dir = mkdtempSync(join(work, 'prof-'));
  spawnSync(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, join(__dirname, 'worker.js'), JSON.stringify(task), out],
    { stdio: 'inherit', cwd: work },
  );
  const result = JSON.parse(readFileSync(out, 'utf8'));
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  const lines = summarize(JSON.parse(readFileSync(join(dir, file), 'utf8')), [
    `CPU profile of a fresh process: import the SDK Client, import ${scenario}, build a server with ${startupTools} tools, connect in memory, tools/list.`,
    `start-up to tools/list: ${result.startupMs?.toFixed(0)} ms (import ${result.importMs?.toFixed(0)} ms) while profiling.`,
  ]);
  writeFileSync(
    join(benchDir, 'results', `profile-startup-${scenario}-${startupTools}.txt`),
    lines.join('\n') + '\n',
  );
  console.log(lines.slice(0, 80).join('\n'));
}

for (const scenario of startupTools ? [] : scenarios) {
  const task: CallsTask = {
    kind: 'calls',
    scenario,
    transport,
    warmup: 1000,
    seq: calls,
    conc: calls,
    inFlight: 32,
    tools,
    server: { tools: 2, dataDir: join(work, 'data'), auditFile: join(work, `audit-${scenario}.jsonl`) },
    cpuProf: transport === 'memory' ? profDir : mkdtempSync(join(work, 'prof-')),
  };
  const out = join(work, 'out.json');
  spawnSync(process.execPath, ['--expose-gc', join(__dirname, 'worker.js'), JSON.stringify(task), out], {
    stdio: 'inherit',
  });
  const result = JSON.parse(readFileSync(out, 'utf8'));
  if (!result.results) {
    console.error(`${scenario}: ${result.unavailable ?? result.failed}`);
    continue;
  }
  let profileFile = join(profDir, `${scenario}-memory.cpuprofile`);
  if (transport === 'stdio') {
    // The server process wrote its profile on exit into the task's directory; keep a copy by name.
    const file = readdirSync(task.cpuProf!).find((f) => f.endsWith('.cpuprofile'))!;
    profileFile = join(profDir, `${scenario}-stdio.cpuprofile`);
    writeFileSync(profileFile, readFileSync(join(task.cpuProf!, file)));
  }
  const lines = summarize(JSON.parse(readFileSync(profileFile, 'utf8')), [
    transport === 'memory'
      ? `CPU profile, ${scenario}, in memory, ${calls} sequential + ${calls} concurrent calls per tool (${tools.join(', ')}) after warm-up.`
      : `CPU profile of the server process, ${scenario}, over stdio, whole life: start-up, warm-up, ${calls} sequential + ${calls} concurrent calls per tool (${tools.join(', ')}).`,
    transport === 'memory'
      ? `Client and server share the process, so the shares below include the SDK Client's side.`
      : `Server side only (the client is another process).`,
    tools.map((t) => `${t} seq: ${result.results[`${t}/seq`].callsPerSec.toFixed(0)} calls/s`).join(', '),
  ]);
  const suffix = transport === 'memory' ? '' : '-stdio';
  writeFileSync(join(benchDir, 'results', `profile-${scenario}${suffix}.txt`), lines.join('\n') + '\n');
  console.log(lines.slice(0, 70).join('\n'));
  console.log('');
}

function summarize(profile: any, header: string[]): string[] {
  const nodes: Node[] = profile.nodes;
  const total = nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0);
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(rootDir + '/', '');
    const key = `${functionName || '(anonymous)'}  ${file ? `${file}:${lineNumber + 1}` : ''}`;
    byFn.set(key, (byFn.get(key) ?? 0) + hits);
    const p = pkgOf(url);
    byPkg.set(p, (byPkg.get(p) ?? 0) + hits);
  }
  // Inclusive time of secure-mcp functions (self + callees), the view that shows which step is costly.
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const inclusive = new Map<string, number>();
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    const seen = new Set<string>();
    for (let cur: Node | undefined = n; cur; cur = byId.get(parent.get(cur.id) ?? -1)) {
      const { functionName, url, lineNumber } = cur.callFrame;
      if (!url.replace(/^file:\/\//, '').startsWith(join(rootDir, 'dist') + '/')) continue;
      const key = `${functionName || '(anonymous)'}  ${url.replace(/^file:\/\//, '').replace(rootDir + '/', '')}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
    }
  }
  const pct = (x: number) => `${((100 * x) / total).toFixed(1).padStart(5)}%`;
  const lines = [
    ...header,
    `Samples: ${total}.`,
    '',
    'Self time by package:',
    ...[...byPkg]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([k, v]) => `${pct(v)}  ${k}`),
    '',
    'Self time by function (top 40):',
    ...[...byFn]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([k, v]) => `${pct(v)}  ${k}`),
    '',
    'Inclusive time of secure-mcp functions (top 40):',
    ...[...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([k, v]) => `${pct(v)}  ${k}`),
  ];
  return lines;
}
