#!/usr/bin/env node
/**
 * How the known-secret search scales with the number of secrets and the size of a message (outside `npm test`):
 *
 *   npm run build && node bench/scrub-scaling.js [distDir]
 *
 * Times `Scrubber.scrub` on a message that contains none of the secrets (the common case: every outgoing
 * message is searched) for 1-1000 secrets and 200 B - 1 MB messages. Pass another build's dist to compare.
 */
'use strict';
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');

const dist = resolve(process.argv[2] ?? join(__dirname, '..', 'dist'));
const { Scrubber } = require(join(dist, 'security', 'secrets', 'scrubber.js'));

function measure(secrets, size) {
  const scrubber = new Scrubber();
  for (let i = 0; i < secrets; i++)
    scrubber.add(`canary-${i}-${'x'.repeat(i % 7)}-not-a-real-secret-${i * 7919}`);
  const text = 'The quick brown fox jumps over the lazy dog 123 '.repeat(Math.ceil(size / 48)).slice(0, size);
  const message = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text }] } });
  const iterations = Math.max(50, Math.floor(2e7 / (message.length * secrets)));
  for (let i = 0; i < 50; i++) scrubber.scrub(message);
  const start = performance.now();
  for (let i = 0; i < iterations; i++) scrubber.scrub(message);
  return ((performance.now() - start) * 1000) / iterations;
}

console.log(`Scrubber.scrub, µs per message without a match (${dist})`);
console.log('| secrets | 200 B | 10 KB | 1 MB |\n|--:|--:|--:|--:|');
for (const secrets of [1, 10, 100, 1000]) {
  const row = [200, 10_000, 1_000_000].map((size) =>
    secrets * size > 1e8 ? '–' : measure(secrets, size).toFixed(1),
  );
  console.log(`| ${secrets} | ${row.join(' | ')} |`);
}
