#!/usr/bin/env node
// Entry point: node bench/run.js [--quick] [--rounds=N] [--only=raw-sdk,secure-full] [--profile] [--readme] [--no-write]
//              node bench/run.js --resource-read [--calls=N] [--rounds=N]   (resource read vs tool call)
// Builds what is missing or stale (the library's dist/ with the root build, bench/dist/ with the root's
// tsc), then runs the orchestrator (bench/src/main.ts) or, with --profile, the CPU profiler (profile.ts).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const bench = __dirname;
const root = join(bench, '..');
const run = (cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const newest = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};
const stale = (src, out) => !existsSync(out) || newest(src) > statSync(out).mtimeMs;

const args = process.argv.slice(2);
// The resource-read case needs only the root's packages; the peer frameworks are installed for the rest.
if (!args.includes('--resource-read') && !existsSync(join(bench, 'node_modules', 'fastmcp')))
  run('npm', ['ci'], bench);
if (stale(join(root, 'src'), join(root, 'dist', 'index.js'))) run('npm', ['run', 'build'], root);
const out = join(bench, 'node_modules', '.bench-dist'); // compiled bench (git- and lint-ignored)
if (args.includes('--resource-read')) {
  run(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(bench, 'tsconfig.resource-read.json'),
    ],
    bench,
  );
} else if (stale(join(bench, 'src'), join(out, 'main.js'))) {
  run(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(bench, 'tsconfig.json')],
    bench,
  );
}
const entry = args.includes('--resource-read')
  ? 'resource-read.js'
  : args.includes('--profile')
    ? 'profile.js'
    : 'main.js';
const r = spawnSync(process.execPath, [join(out, entry), ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
