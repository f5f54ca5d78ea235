import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../../../src/errors';
import { SafeFs } from '../../../src/security/paths';
import { setProcFdForTesting } from '../../../src/security/paths/pinned';
import { isSafePath } from '../../../src/validation/validators';
import { type Target, attackReads, attackWrites, makeAttackSandbox } from './harness';
import { LEGIT_NAMES, PAYLOADS } from './payloads';
import { makeSandbox } from './sandbox';

function safeFsTarget(safe: SafeFs): Target {
  return {
    read: {
      resolve: (p) => safe.resolve(p),
      readText: (p) => safe.readText(p),
      readBytes: (p) => safe.readBytes(p),
      list: (p) => safe.list(p),
      stat: (p) => safe.stat(p),
      exists: (p) => safe.exists(p),
    },
    write: {
      writeText: (p) => safe.writeText(p, 'ATTACK'),
      writeBytes: (p) => safe.writeBytes(p, Buffer.from('ATTACK')),
      mkdir: (p) => safe.mkdir(p),
      mkdirRecursive: (p) => safe.mkdir(p, { recursive: true }),
      remove: (p) => safe.remove(p),
    },
    isRefusal: (error) => error instanceof ToolError,
  };
}

const total = Object.values(PAYLOADS).reduce((n, list) => n + list.length, 0);

it(`the corpus holds at least 200 distinct payloads (${total})`, () => {
  const all = Object.values(PAYLOADS).flat();
  expect(all.length).toBeGreaterThanOrEqual(200);
  expect(new Set(all).size).toBe(all.length);
});

describe.each(Object.entries(PAYLOADS))('%s', (_category, payloads) => {
  it(`reads: ${payloads.length} payloads x 6 operations, 0 escapes`, async () => {
    const box = makeAttackSandbox();
    try {
      const outcome = await attackReads(safeFsTarget(new SafeFs({ roots: [box.root] })), payloads, box);
      expect(outcome.escapes).toEqual([]);
      expect(outcome.badErrors).toEqual([]);
    } finally {
      box.cleanup();
    }
  });

  it(`writes: ${payloads.length} payloads x 5 operations, 0 escapes`, async () => {
    const outcome = await attackWrites((box) => safeFsTarget(new SafeFs({ roots: [box.root] })), payloads);
    expect(outcome.escapes).toEqual([]);
    expect(outcome.badErrors).toEqual([]);
  });
});

// Without /proc (macOS and others) SafeFs verifies descriptors by inode instead: same corpus, same result
// when no one races it (the race itself is only closed on Linux; see docs/paths.md).
describe('portable mode (no /proc/self/fd)', () => {
  beforeAll(() => setProcFdForTesting(false));
  afterAll(() => setProcFdForTesting(undefined));
  const all = Object.values(PAYLOADS).flat();

  it(`reads: ${all.length} payloads, 0 escapes`, async () => {
    const box = makeAttackSandbox();
    try {
      const outcome = await attackReads(safeFsTarget(new SafeFs({ roots: [box.root] })), all, box);
      expect(outcome).toMatchObject({ escapes: [], badErrors: [] });
    } finally {
      box.cleanup();
    }
  });

  it(`writes: ${all.length} payloads, 0 escapes`, async () => {
    const outcome = await attackWrites((box) => safeFsTarget(new SafeFs({ roots: [box.root] })), all);
    expect(outcome).toMatchObject({ escapes: [], badErrors: [] });
  });
});

describe('literal look-alikes', () => {
  it('encoded and look-alike names that SafeFs accepts are literal names directly under the root', async () => {
    const box = makeAttackSandbox();
    try {
      const safe = new SafeFs({ roots: [box.root] });
      let accepted = 0;
      for (const p of [...PAYLOADS.encoded, ...PAYLOADS['unicode-lookalike']]) {
        const real = await safe.resolve(p).catch(() => undefined);
        if (real === undefined) continue;
        accepted++;
        expect(real).toBe(path.join(box.root, p));
      }
      expect(accepted).toBeGreaterThan(30);
    } finally {
      box.cleanup();
    }
  });
});

describe('legitimate names', () => {
  it.each(LEGIT_NAMES.map((n) => [n]))(
    '%j passes isSafePath and round-trips through SafeFs',
    async (name) => {
      expect(isSafePath(name)).toBe(true);
      const box = makeSandbox();
      try {
        const safe = new SafeFs({ roots: [box.root] });
        const content = `content of ${name}`;
        await safe.writeText(name, content);
        expect(fs.readFileSync(path.join(box.root, name), 'utf8')).toBe(content);
        await expect(safe.readText(name)).resolves.toBe(content);
        await expect(safe.exists(name)).resolves.toBe(true);
        expect((await safe.stat(name)).type).toBe('file');
        const dir = path.dirname(name);
        expect((await safe.list(dir)).map((e) => e.name)).toContain(path.basename(name));
        await safe.remove(name);
        await expect(safe.exists(name)).resolves.toBe(false);
        if (!name.includes('/') && Buffer.byteLength(name) < 250) {
          await safe.mkdir(`${name}-d`);
          await safe.writeText(`${name}-d/${name}`, 'nested');
          await expect(safe.readText(`${name}-d/${name}`)).resolves.toBe('nested');
        }
      } finally {
        box.cleanup();
      }
    },
  );
});
