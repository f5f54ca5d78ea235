'use strict';
// What bench/http-auth.js and bench/http-store.js share: the options (N calls, ROUNDS rounds), the trivial
// tool, one measured client over Streamable HTTP on 127.0.0.1, and the side-by-side report. Needs
// `npm run build` first.
const { mkdtempSync } = require('node:fs');
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

/** `node bench/<script>.js [N=2000] [ROUNDS=3]`. */
const N = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 3);

/** p50 and p90 of N sequential calls (after 200 warm-up calls) on a fresh server listening with `http`. */
async function measure(http, headers = {}) {
  const server = await createServer({
    name: 'bench-http',
    version: '1',
    tools: [Echo],
    usage: false,
    policy: false,
    secrets: { envFile: false, keychain: false },
    audit: { file: join(mkdtempSync(join(tmpdir(), 'bench-http-')), 'audit.jsonl') },
    logging: { silent: true },
  });
  const listener = await server.listenHttp({ port: 0, ...http });
  const transport = new StreamableHTTPClientTransport(new URL(listener.url), { requestInit: { headers } });
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

/**
 * Measures each `[name, http, headers]` case ROUNDS times, interleaved (so drift hits every case alike), and
 * prints the median p50 and p90 of each, with the p50 difference to the first case.
 */
async function compare(cases) {
  const results = new Map(cases.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, http, headers] of cases) results.get(name).push(await measure(http, headers));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const base = median(results.get(cases[0][0]).map((r) => r.p50));
  const width = Math.max(...cases.map(([name]) => name.length)) + 4;
  for (const [name, rounds] of results) {
    const p50 = median(rounds.map((r) => r.p50));
    const p90 = median(rounds.map((r) => r.p90));
    const delta = (p50 - base >= 0 ? '+' : '') + ((p50 - base) * 1000).toFixed(0);
    process.stdout.write(
      `${name.padEnd(width)} p50 ${p50.toFixed(3)} ms (${delta} µs)  p90 ${p90.toFixed(3)} ms\n`,
    );
  }
}

module.exports = { compare };
