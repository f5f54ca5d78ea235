import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SafeFs } from '../../../src/security/paths';
import { CANARY, type Sandbox, makeSandbox } from './sandbox';

const RACE_MS = Number(process.env.RACE_MS ?? 1500);

// Runs in a worker thread so the swaps really interleave with the file system calls of the test thread.
// `swap` flips between a real directory and a symlink to the outside; `swapfile` between a real file
// and a symlink to the outside canary.
const SWAPPER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { root, evil, ms } = workerData;
const dir = root + '/swap', dirStash = root + '/.swap-real';
const file = root + '/swapfile', fileStash = root + '/.swapfile-real';
let swaps = 0;
const end = Date.now() + ms;
// Each step may fail because a write of the test thread changed the name in between: go on regardless.
const step = (fn) => { try { fn(); } catch {} };
const isLink = (p) => { try { return fs.lstatSync(p).isSymbolicLink(); } catch { return false; } };
while (Date.now() < end) {
  step(() => fs.renameSync(dir, dirStash));
  step(() => fs.symlinkSync(evil, dir));
  step(() => fs.renameSync(file, fileStash));
  step(() => fs.symlinkSync(evil + '/secret.txt', file));
  step(() => isLink(dir) && fs.unlinkSync(dir));
  step(() => fs.renameSync(dirStash, dir));
  step(() => isLink(file) && fs.unlinkSync(file));
  step(() => fs.renameSync(fileStash, file));
  swaps++;
}
parentPort.postMessage(swaps);
`;

function startSwapper(box: Sandbox): { done: Promise<number>; running: () => boolean } {
  fs.mkdirSync(path.join(box.root, 'swap'));
  fs.writeFileSync(path.join(box.root, 'swap', 'secret.txt'), 'inside');
  fs.writeFileSync(path.join(box.root, 'swapfile'), 'inside');
  let running = true;
  const worker = new Worker(SWAPPER, {
    eval: true,
    workerData: { root: box.root, evil: box.evil, ms: RACE_MS },
  });
  const done = new Promise<number>((resolve, reject) => {
    worker.once('message', (swaps: number) => resolve(swaps));
    worker.once('error', reject);
  }).finally(() => {
    running = false;
  });
  return { done, running: () => running };
}

/** Reads and writes through `swap/` and `swapfile` while they are being swapped; counts escapes. */
async function race(
  box: Sandbox,
  ops: {
    read: (p: string) => Promise<string>;
    list?: (p: string) => Promise<string[]>;
    write?: (p: string) => Promise<void>;
  },
) {
  const swapper = startSwapper(box);
  let reads = 0;
  let served = 0;
  let escapes = 0;
  let n = 0;
  while (swapper.running()) {
    const batch = [
      ops.read('swap/secret.txt'),
      ops.read('swapfile'),
      ...(ops.list ? [ops.list('swap').then((names) => names.join('\n'))] : []),
      ...(ops.write
        ? [ops.write(`swap/written-${n}.txt`).then(() => ''), ops.write('swapfile').then(() => '')]
        : []),
    ];
    n++;
    for (const result of await Promise.allSettled(batch)) {
      reads++;
      if (result.status === 'fulfilled') {
        served++;
        if (result.value.includes(CANARY) || result.value.includes('canary-entry')) escapes++;
      }
    }
  }
  const swaps = await swapper.done;
  if (process.env.RACE_DEBUG) console.error({ swaps, reads, served, escapes });
  return { swaps, reads, served, escapes };
}

describe('symlink swap race (TOCTOU)', () => {
  let box: Sandbox;
  beforeEach(() => {
    box = makeSandbox();
  });
  afterEach(() => box.cleanup());

  it('a naive check-then-read leaks under this race (the race is real)', async () => {
    const naiveRead = async (p: string): Promise<string> => {
      const full = path.join(box.root, p);
      const real = await fsp.realpath(full);
      if (!real.startsWith(box.root + path.sep)) throw new Error('outside');
      return fsp.readFile(full, 'utf8');
    };
    const result = await race(box, { read: naiveRead });
    expect(result.swaps).toBeGreaterThan(50);
    expect(result.escapes).toBeGreaterThan(0);
  });

  it('SafeFs reads, lists and writes never escape while a directory and a file are swapped for symlinks', async () => {
    const safe = new SafeFs({ roots: [box.root] });
    const before = box.outside();
    const result = await race(box, {
      read: (p) => safe.readText(p),
      list: async (p) => (await safe.list(p)).map((e) => e.name),
      write: (p) => safe.writeText(p, 'written inside'),
    });
    expect(result.swaps).toBeGreaterThan(50);
    const changedOutside = Object.keys(box.outside()).filter((k) => !(k in before));
    expect({ escapes: result.escapes, changedOutside }).toEqual({ escapes: 0, changedOutside: [] });
    // Some operations succeed, so the race exercised the accept path, not only refusals.
    expect(result.served).toBeGreaterThan(0);
    expect(box.outside()).toEqual(before);
    expect(fs.readFileSync(path.join(box.evil, 'secret.txt'), 'utf8')).toBe(CANARY);
  });
});
