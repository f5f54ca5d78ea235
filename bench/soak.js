#!/usr/bin/env node
/**
 * Soak test, outside `npm test`: the built reliability fixture over stdio with audit on, driven by the SDK's
 * real Client, alternating rounds of sequential calls and 64 in flight.
 *
 *   npm run build && npm run soak -- --minutes 5      (or --calls 100000)
 *
 * Reports calls, lost audit records (must be 0), `secure-mcp audit verify`, RSS after warm-up and at the
 * end, and p50/p99 latency of each mode. Exits 1 if any record is lost or the log does not verify.
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StdioServerTransport } = require('@modelcontextprotocol/sdk/server/stdio.js');

const ROOT = join(__dirname, '..');
const SERVER = join(ROOT, 'build/test/fixtures/servers/reliability-server.js');
const CLI = join(ROOT, 'dist/cli/main.js');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const minutes = arg('minutes', undefined);
const maxCalls = arg('calls', minutes === undefined ? 100_000 : Infinity);
const IN_FLIGHT = 64;
const ROUND = 2_000;
const WARMUP = 2_000;

const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const audit = join(mkdtempSync(join(tmpdir(), 'secure-mcp-soak-')), 'audit.jsonl');
  const child = spawn(process.execPath, [SERVER], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, REL_AUDIT: audit, REL_LOG_LEVEL: 'warn' },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const client = new Client({ name: 'soak', version: '1' });
  await client.connect(new StdioServerTransport(child.stdout, child.stdin));

  let n = 0;
  let answered = 0;
  const latency = { sequential: [], concurrent: [] };
  const one = async (mode) => {
    const i = n++;
    const t0 = performance.now();
    const result = await client.callTool({ name: 'count', arguments: { n: i } });
    latency[mode]?.push(performance.now() - t0);
    if (result.content?.[0]?.text === String(i)) answered++;
  };

  for (let i = 0; i < WARMUP; i++) await one('warmup');
  const rssWarm = rss(child.pid);
  const started = performance.now();
  const deadline = minutes === undefined ? Infinity : Date.now() + minutes * 60_000; // after warm-up
  let rounds = 0;
  while (n - WARMUP < maxCalls && Date.now() < deadline) {
    const todo = Math.min(ROUND, maxCalls - (n - WARMUP));
    if (rounds++ % 2 === 0) {
      for (let i = 0; i < todo; i++) await one('sequential');
    } else {
      let left = todo;
      const worker = async () => {
        while (left-- > 0) await one('concurrent');
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const rssEnd = rss(child.pid);
  child.stdin.end();
  await exited;
  await client.close();

  const lines = readFileSync(audit, 'utf8').split('\n').filter(Boolean);
  const recorded = lines.filter((l) => JSON.parse(l).outcome === 'success').length;
  const verify = spawnSync(process.execPath, [CLI, 'audit', 'verify', audit], { encoding: 'utf8' });
  const lost = answered - recorded;
  const ms = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    if (s.length === 0) return 'no calls';
    return `p50 ${pct(s, 50).toFixed(2)} ms, p99 ${pct(s, 99).toFixed(2)} ms (${s.length} calls)`;
  };
  console.log(`calls: ${n} (${WARMUP} warm-up), answered correctly: ${answered}, in ${seconds.toFixed(1)} s`);
  console.log(
    `audit records: ${recorded}, lost records: ${lost}, audit verify: ${verify.status === 0 ? 'ok' : 'FAILED'}`,
  );
  console.log(`RSS after warm-up: ${mib(rssWarm)}, at end: ${mib(rssEnd)}, growth: ${mib(rssEnd - rssWarm)}`);
  console.log(`sequential: ${ms(latency.sequential)}`);
  console.log(`${IN_FLIGHT} in flight: ${ms(latency.concurrent)}`);
  if (lost !== 0 || answered !== n || verify.status !== 0) {
    console.error(verify.stdout + verify.stderr);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
