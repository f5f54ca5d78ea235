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
const { compare } = require('./http-cases');

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
    ['memory, resumability off', { auth: false, resumability: false }],
    ['memory (default)', { auth: false }],
    ['Redis store', { auth: false, store: { redis: `redis://127.0.0.1:${port}` } }],
  ];
  try {
    await compare(cases);
  } finally {
    process.kill(Number(readFileSync(join(dir, 'r.pid'), 'utf8')), 'SIGTERM');
    setTimeout(() => rmSync(dir, { recursive: true, force: true }), 500);
  }
})();
