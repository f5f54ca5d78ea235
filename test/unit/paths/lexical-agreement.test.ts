import fc from 'fast-check';
import { ToolError } from '../../../src/errors';
import { ABSOLUTE_OUTSIDE } from '../../../src/security/paths/errors';
import { locate } from '../../../src/security/paths/roots';
import { isSafePath } from '../../../src/validation/validators';

// @IsSafePath and SafeFs share one lexical check: on every string, the validator accepts exactly what SafeFs's
// lexical stage (locate: no filesystem access) accepts. Absolute paths outside the roots are refused by SafeFs
// for where they point, not for how they are written, so that refusal does not count as lexical.
const ROOTS = [{ configured: '/r', real: '/r' }];

function safeFsLexicallyAccepts(p: string): boolean {
  try {
    locate(p, ROOTS);
    return true;
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    return error.message === ABSOLUTE_OUTSIDE;
  }
}

const RUNS = Number(process.env.ATTACK_RUNS ?? 2000);

const piece = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('..', '.', '', 'a', 'b', 'sub', 'f:oo', 'C:', 'c:x', '...', 'a.', 'a ', '.. '),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '．．',
      '／',
      '＼',
      '\u2025',
      '\\',
      '\0',
      '\n',
      '\u200b',
      'é',
      'x'.repeat(256),
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
);
const paths = fc
  .tuple(fc.constantFrom('', '', '/', './', '//'), fc.array(piece, { minLength: 1, maxLength: 8 }))
  .map(([start, parts]) => start + parts.join('/'));

describe('@IsSafePath agrees with SafeFs on what can be decided without the filesystem', () => {
  it(`with absolute paths allowed, accepts exactly what SafeFs's lexical check accepts (${RUNS} runs)`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(paths, (p) => {
        const validator = isSafePath(p, { allowAbsolute: true });
        if (validator) accepted++;
        return validator === safeFsLexicallyAccepts(p);
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: both answers occur often.
    expect(accepted).toBeGreaterThan(RUNS / 10);
    expect(accepted).toBeLessThan(RUNS * 0.9);
  });

  it(`by default (relative only), accepts exactly SafeFs's relative paths (${RUNS} runs)`, () => {
    // Relative also in NFKC form: `／etc` reads as `/etc` once normalized.
    const relative = (p: string) => !p.startsWith('/') && !p.normalize('NFKC').startsWith('/');
    fc.assert(
      fc.property(paths, (p) => isSafePath(p) === (safeFsLexicallyAccepts(p) && relative(p))),
      { numRuns: RUNS },
    );
  });

  it('the cases that used to differ: .. inside the start, f:oo and Windows-only names on POSIX', () => {
    const posix = process.platform !== 'win32';
    for (const p of ['sub/../ok.txt', 'a/b/../c', 'a/..']) {
      expect([p, isSafePath(p), safeFsLexicallyAccepts(p)]).toEqual([p, true, true]);
    }
    for (const p of ['f:oo', 'a/...', 'name.']) {
      expect([p, isSafePath(p), safeFsLexicallyAccepts(p)]).toEqual([p, posix, posix]);
    }
    for (const p of ['a/../..', '../x', '//server/share', 'a\0b', '．．／x']) {
      expect([p, isSafePath(p), safeFsLexicallyAccepts(p)]).toEqual([p, false, false]);
    }
  });
});
