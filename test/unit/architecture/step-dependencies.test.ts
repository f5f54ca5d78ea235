import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { OPERATIONS, PIPELINE } from '../../../src/server/pipeline/order';

// One direction of dependency: setup builds the ServerRuntime, steps read it; the order file alone orders them.
const SERVER = resolve(__dirname, '../../../src/server');
const STEPS = join(SERVER, 'steps');
const SETUP = join(SERVER, 'setup');

function sources(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** Absolute paths of the relative modules a file imports (static imports, re-exports and require calls). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)'(\.[^']+)'/g)].map((m) => m[1]);
  return specifiers.map((s) => resolve(dirname(file), s));
}

/** `file -> import` for every import of a file in `from` that lands in `to`. */
function importsBetween(from: string, to: string): string[] {
  return sources(from).flatMap((f) =>
    importsOf(f)
      .filter((i) => !relative(to, i).startsWith('..'))
      .map((i) => `${relative(SERVER, f)} -> ${relative(SERVER, i)}`),
  );
}

describe('pipeline steps depend only on the runtime they are given', () => {
  it('no step imports from src/server/setup', () => {
    expect(importsBetween(STEPS, SETUP)).toEqual([]);
  });

  it('setup imports nothing from the steps (no container tokens defined by a step and registered by setup)', () => {
    expect(importsBetween(SETUP, STEPS)).toEqual([]);
  });

  it('steps declare no container tokens: settings are fields of the ServerRuntime', () => {
    const withTokens = sources(STEPS)
      .filter((f) => /\bSymbol(\.for)?\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SERVER, f));
    expect(withTokens).toEqual([]);
  });

  it('every step file is placed in a pipeline (calls or operations) by the order file', () => {
    const placed = new Set<unknown>([...PIPELINE, ...Object.values(OPERATIONS).flat()]);
    const unplaced = sources(STEPS).filter((f) => {
      const exported = Object.values(require(f) as Record<string, unknown>);
      return !exported.some((e) => placed.has(e));
    });
    expect(unplaced.map((f) => relative(SERVER, f))).toEqual([]);
  });
});

describe('shared helpers live outside the steps', () => {
  it('code outside the steps gets describeError from its own module, not from a step', () => {
    const others = [SERVER, ...['sdk', 'client', 'http', 'setup'].map((d) => join(SERVER, d))];
    const fromStep = others.flatMap((dir) =>
      sources(dir)
        .filter((f) =>
          /import\s*{[^}]*\bdescribeError\b[^}]*}\s*from\s*'[^']*\/steps\//.test(readFileSync(f, 'utf8')),
        )
        .map((f) => relative(SERVER, f)),
    );
    expect(fromStep).toEqual([]);
    expect(Object.keys(require(join(STEPS, 'map-errors')) as object)).not.toContain('describeError');
  });
});
