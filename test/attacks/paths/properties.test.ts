import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { SafeFs } from '../../../src/security/paths';
import { isSafePath } from '../../../src/validation/validators';
import { inside, makeAttackSandbox, naiveReal } from './harness';
import { type Sandbox, leaks } from './sandbox';

// `ATTACK_RUNS=100000 npx jest test/attacks` for a long run; the default keeps `npm test` quick.
const RUNS = Number(process.env.ATTACK_RUNS ?? 300);
const params = { numRuns: RUNS, interruptAfterTimeLimit: RUNS > 1000 ? undefined : 20_000 };
// Long runs need more than jest's default timeout: allow about 20 ms per run.
const TIMEOUT = Math.max(30_000, RUNS * 20);

let box: Sandbox;
let safe: SafeFs;
beforeAll(() => {
  box = makeAttackSandbox();
  safe = new SafeFs({ roots: [box.root] });
});
afterAll(() => box.cleanup());

/** Path pieces that matter here: traversal, symlinks in the sandbox, encodings, look-alikes, separators. */
const piece = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('..', '.', '', 'sub', 'deeper', 'hello.txt', 'missing', 'root', 'root-evil'),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'ln-dir-abs',
      'ln-dir-rel',
      'ln-base',
      'ln-chain1',
      'ln-in',
      'ln-in-then-out',
      'sub/ln-up2',
      'sub/ln-root',
      'ln-file-abs',
      'ln-dangling-dir',
      'ln-slash',
      'secret.txt',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('%2e%2e', '．．', '\u2025', '..\\', 'a\0', '..;', ' ..', '...', 'C:', '\\\\x'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);
const prefix = (sb: () => Sandbox) =>
  fc
    .constantFrom('', './', '/', 'ROOT/', 'BASE/', 'EVIL/')
    .map((p) => p.replace('ROOT', sb().root).replace('BASE', sb().base).replace('EVIL', sb().evil));
const attackPath = fc
  .tuple(
    prefix(() => box),
    fc.array(piece, { minLength: 1, maxLength: 8 }),
    fc.constantFrom('/', '\\'),
  )
  .map(([start, parts, sep]) => start + parts.join(sep === '\\' && parts.length > 3 ? sep : '/'));

describe('fast-check properties', () => {
  it(
    `any path SafeFs accepts has a real path inside a root (${RUNS} runs)`,
    async () => {
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(attackPath, async (p) => {
          let real: string;
          try {
            real = await safe.resolve(p);
          } catch {
            return true;
          }
          accepted++;
          // The string and, independently, the real path of its longest existing prefix.
          return inside(real, box.root) && inside(naiveReal(real), box.root);
        }),
        params,
      );
      // Not vacuous: a good share of the generated paths are accepted (and then checked).
      expect(accepted).toBeGreaterThan(RUNS / 20);
    },
    TIMEOUT,
  );

  it(
    `no read through any path returns outside content (${RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(attackPath, async (p) => {
          const results = await Promise.allSettled([safe.readText(p), safe.list(p)]);
          return results.every((r) => !leaks(r.status === 'fulfilled' ? r.value : String(r.reason), box));
        }),
        params,
      );
    },
    TIMEOUT,
  );

  it(
    `isSafePath never accepts a string containing NUL or a '..' that climbs above its start (${RUNS * 3} runs)`,
    () => {
      const tricky = fc.oneof(
        fc.constantFrom('..', '.', '\0', '/', '\\', 'a', '．', '／', '%2e', '\u2025', ' ', 'C:'),
        fc.string({ unit: 'binary', maxLength: 4 }),
      );
      fc.assert(
        fc.property(fc.array(tricky, { maxLength: 12 }), (parts) => {
          const s = parts.join('');
          if (!isSafePath(s)) return true;
          // Written independently of the implementation: depth below the start, '\\' counted as a separator too.
          const climbs = (x: string) => {
            let depth = 0;
            for (const seg of x.split(/[\\/]/)) {
              if (seg === '..') depth--;
              else if (seg !== '' && seg !== '.') depth++;
              if (depth < 0) return true;
            }
            return false;
          };
          return !s.includes('\0') && !climbs(s) && !climbs(s.normalize('NFKC'));
        }),
        { ...params, numRuns: RUNS * 3 },
      );
    },
    TIMEOUT,
  );

  it(
    `any single name isSafePath accepts round-trips through SafeFs inside the root (${RUNS} runs)`,
    async () => {
      const names = fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 24 })
        .filter((n) => !n.includes('/') && n !== '.' && isSafePath(n));
      await fc.assert(
        fc.asyncProperty(names, async (name) => {
          // One directory reused by every run; each run removes what it wrote, so the listing is exact.
          const dir = path.join(box.root, 'round-trip');
          fs.mkdirSync(dir, { recursive: true });
          await safe.writeText(`round-trip/${name}`, name);
          const ok =
            (await safe.readText(`round-trip/${name}`)) === name && fs.readdirSync(dir).join('/') === name;
          fs.unlinkSync(path.join(dir, name));
          return ok;
        }),
        params,
      );
    },
    TIMEOUT,
  );
});
