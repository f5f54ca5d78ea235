#!/usr/bin/env node
// Start-up only, interleaved: node bench/startup.js [--rounds=9] [--dist=<other dist dir>]
// Spawns the bench's worker (bench/src/worker.ts, kind 'startup', stdio) for the start-up target's two sides:
// the raw SDK Server with 1 tool and secure-mcp full with 200 tools, on both SDK lines; prints medians and
// the ratio. Needs a compiled bench (`node bench/run.js --quick` or any run compiles it). With --dist, the
// secure-mcp scenarios import that build instead of ./dist (BENCH_SECURE_MCP_DIST), for before/after comparisons.
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const rounds = Number(arg('rounds', 9));
const worker = join(__dirname, 'node_modules', '.bench-dist', 'worker.js');
const work = mkdtempSync(join(tmpdir(), 'secure-mcp-startup-'));
const dataDir = join(work, 'data');
mkdirSync(dataDir);
writeFileSync(join(dataDir, 'small.txt'), 'start-up\n');
const sides = [
  ['raw-sdk', 1],
  ['secure-full', 200],
  ['raw-sdk-2', 1],
  ['secure-full-2', 200],
];

function run(scenario, tools, round) {
  const out = join(work, `out-${scenario}-${round}.json`);
  const task = {
    kind: 'startup',
    scenario,
    transport: 'stdio',
    server: {
      tools,
      dataDir,
      auditFile: scenario.startsWith('secure-full') ? join(work, `a-${scenario}-${round}.jsonl`) : undefined,
    },
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, JSON.stringify(task), out], {
      stdio: ['ignore', 'ignore', 'inherit'],
      cwd: work,
      env: {
        ...process.env,
        SECURE_MCP_STATE_DIR: join(work, 'state'),
        ...(arg('dist') ? { BENCH_SECURE_MCP_DIST: require('node:path').resolve(arg('dist')) } : {}),
      },
    });
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')).startupMs);
      } catch {
        reject(new Error(`${scenario}: worker exited ${code}`));
      }
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
(async () => {
  const times = Object.fromEntries(sides.map(([s]) => [s, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...sides].reverse() : sides;
    for (const [scenario, tools] of order) times[scenario].push(await run(scenario, tools, round));
  }
  for (const [s, n] of sides)
    console.log(
      `${s.padEnd(14)} ${String(n).padStart(3)} tools: median ${median(times[s]).toFixed(0)} ms  [${times[s].map((t) => t.toFixed(0)).join(' ')}]`,
    );
  for (const [raw, secure] of [
    ['raw-sdk', 'secure-full'],
    ['raw-sdk-2', 'secure-full-2'],
  ])
    console.log(`${secure} 200 / ${raw} 1: ${(median(times[secure]) / median(times[raw])).toFixed(2)}×`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
