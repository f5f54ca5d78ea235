#!/usr/bin/env node
/**
 * What binding SafeFs to a call costs per call (outside `npm test`):
 *
 *   npm run build && node bench/signal-binding.js [distDir]
 *
 * Per call the tool factory hands each tool a SafeFs bound to the call. Before: `withSignal(ctx.signal)`, and
 * reading `ctx.signal` builds the call's AbortController and a listener on the client's signal. Now:
 * `forCall(ctx)`, which checks the call's state when SafeFs needs it, building nothing. Both run here on fresh
 * call contexts (one per "call", as the server makes them), interleaved, CPU time per call (process.cpuUsage).
 */
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { AbortController } = globalThis;
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const dist = resolve(process.argv[2] ?? join(__dirname, '..', 'dist'));
const { CallContext } = require(join(dist, 'server', 'call-context.js'));
const { SafeFs } = require(join(dist, 'security', 'paths', 'safe-fs.js'));
const { createLogger } = require(join(dist, 'logging', 'logger.js'));

const root = mkdtempSync(join(tmpdir(), 'signal-binding-'));
const fs = new SafeFs({ roots: [root] });
const logger = createLogger({ silent: true });
const principal = { id: 'bench' };

const variants = {
  'no binding (baseline)': () => fs,
  'withSignal(ctx.signal)': (ctx) => fs.withSignal(ctx.signal),
  'forCall(ctx)': (ctx) => fs.forCall(ctx),
};

function run(bind, calls) {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    // What a call has: the SDK's per-request signal, a context, and the bound SafeFs checked once.
    const client = new AbortController();
    const ctx = new CallContext('t', client.signal, principal, 's', 'r', 'a', logger, undefined);
    bind(ctx).signal?.throwIfAborted();
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

const calls = 200_000;
const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (const bind of Object.values(variants)) run(bind, 20_000); // warm up
for (let round = 0; round < 8; round++) {
  const names = Object.keys(variants);
  for (const name of round % 2 ? names.reverse() : names) samples[name].push(run(variants[name], calls));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`binding SafeFs to a call: CPU µs per call (median of 8 rounds of ${calls}; ${dist})`);
for (const [name, xs] of Object.entries(samples))
  console.log(
    `  ${name.padEnd(24)} ${median(xs).toFixed(3)}  (rounds: ${xs.map((x) => x.toFixed(2)).join(' ')})`,
  );
rmSync(root, { recursive: true, force: true });
