import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { type Target, attackReads, attackWrites, makeAttackSandbox } from './harness';
import { PAYLOADS } from './payloads';

/** The seed's `safePath` (resolve + startsWith): what NOT to ship. The harness must catch it. */
function naiveTarget(root: string): Target {
  const safePath = (p: string): string => {
    const resolved = path.resolve(root, p);
    if (!resolved.startsWith(root)) throw new Error('outside');
    return resolved;
  };
  return {
    read: {
      resolve: async (p) => safePath(p),
      readText: (p) => fsp.readFile(safePath(p), 'utf8'),
      list: (p) => fsp.readdir(safePath(p)),
    },
    write: {
      writeText: (p) => fsp.writeFile(safePath(p), 'ATTACK'),
      mkdir: (p) => fsp.mkdir(safePath(p)),
    },
    isRefusal: () => true,
  };
}

describe('the attack harness detects a naive guard', () => {
  it.each(['sibling-prefix', 'symlink-escape'] as const)('%s: reads escape', async (category) => {
    const box = makeAttackSandbox();
    try {
      const outcome = await attackReads(naiveTarget(box.root), PAYLOADS[category], box);
      expect(outcome.escapes.length).toBeGreaterThan(3);
    } finally {
      box.cleanup();
    }
  });

  it.each(['sibling-prefix', 'symlink-escape'] as const)('%s: writes escape', async (category) => {
    const outcome = await attackWrites((box) => naiveTarget(box.root), PAYLOADS[category]);
    expect(outcome.escapes.length).toBeGreaterThan(3);
  });
});
