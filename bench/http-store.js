#!/usr/bin/env node
// Per-call cost over Streamable HTTP on 127.0.0.1 by session store, side by side: sessions in memory without
// resumability, in memory with resumability (the default: SSE events kept for replay), and in Redis
// (`store: { redis }`: sessions, events and pending requests shared by replicas). One SDK client, sequential
// calls of a trivial tool, auth off. Starts its own redis-server on a free port (stopped at the end).
// Needs `npm run build` first. Usage: node bench/http-store.js [N=2000] [ROUNDS=3]
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const net = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const root = join(__dirname, '..');
require(join(root, 'node_modules/reflect-metadata'));
const { createServer, Tool, ReadOnly } = require(join(root, 'dist'));
const sdk = join(root, 'node_modules/@modelcontextprotocol/sdk/dist/cjs');
const { Client } = require(join(sdk, 'client/index.js'));
const { StreamableHTTPClientTransport } = require(join(sdk, 'client/streamableHttp.js'));

class Empty {}
class Echo {
  execute() {
    return 'ok';
  }
}
Tool({ name: 'echo', description: 'echo', input: Empty })(Echo);
ReadOnly()(Echo);

const N = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 3);

async function measure(http) {
  const server = await createServer({
    name: 'bench-store',
    version: '1',
    tools: [Echo],
    usage: false,
    policy: false,
    secrets: { envFile: false, keychain: false },
    audit: { file: join(mkdtempSync(join(tmpdir(), 'bench-store-')), 'audit.jsonl') },
    logging: { silent: true },
  });
  const listener = await server.listenHttp({ port: 0, auth: false, ...http });
  const transport = new StreamableHTTPClientTransport(new URL(listener.url));
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  for (let i = 0; i < 200; i++) await client.callTool({ name: 'echo', arguments: {} });
  const times = [];
  for (let i = 0; i < N; i++) {
    const start = performance.now();
    await client.callTool({ name: 'echo', arguments: {} });
    times.push(performance.now() - start);
  }
  await transport.terminateSession();
  await client.close();
  await server.close();
  times.sort((a, b) => a - b);
  return { p50: times[N >> 1], p90: times[Math.floor(N * 0.9)] };
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  const port = await freePort();
  const started = spawnSync('redis-server', [
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
    join(dir, 'r.pid'),
    '--logfile',
    join(dir, 'r.log'),
    '--dir',
    dir,
  ]);
  if (started.status !== 0) throw new Error('redis-server did not start');
  await new Promise((r) => setTimeout(r, 300));
  const cases = [
    ['memory, resumability off', { resumability: false }],
    ['memory (default)', {}],
    ['Redis store', { store: { redis: `redis://127.0.0.1:${port}` } }],
  ];
  const results = new Map(cases.map(([name]) => [name, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, http] of cases) results.get(name).push(await measure(http));
    }
  } finally {
    process.kill(Number(readFileSync(join(dir, 'r.pid'), 'utf8')), 'SIGTERM');
    setTimeout(() => rmSync(dir, { recursive: true, force: true }), 500);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const base = median(results.get('memory, resumability off').map((r) => r.p50));
  for (const [name, rounds] of results) {
    const p50 = median(rounds.map((r) => r.p50));
    const p90 = median(rounds.map((r) => r.p90));
    process.stdout.write(
      `${name.padEnd(28)} p50 ${p50.toFixed(3)} ms (${(p50 - base >= 0 ? '+' : '') + ((p50 - base) * 1000).toFixed(0)} µs)  p90 ${p90.toFixed(3)} ms\n`,
    );
  }
})();
