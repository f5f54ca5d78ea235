import { NeedleIndex } from '../../../src/security/secrets/needle-index';
import { Scrubber } from '../../../src/security/secrets';

/** What the indexOf loop finds: every occurrence of every needle, overlapping ones included, as sorted pairs. */
function reference(text: string, needles: readonly string[]): string[] {
  const out: string[] = [];
  for (const needle of new Set(needles)) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      out.push(`${at}-${at + needle.length}`);
    }
  }
  return out.sort();
}

function found(index: NeedleIndex, text: string): string[] {
  const flat = index.find(text) ?? [];
  const out: string[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push(`${flat[i]}-${flat[i + 1]}`);
  return out.sort();
}

// Deterministic pseudo-random source, so a failure can be replayed.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('NeedleIndex', () => {
  it('finds exactly what one indexOf pass per needle finds, on random texts over a small alphabet', () => {
    // A small alphabet makes overlaps, shared prefixes and near-misses (filter hits that are not matches) common.
    const alphabet = ['a', 'b', 'c', 'é', '😀', '"', '\\'];
    const random = rng(42);
    const pick = (n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const needles = Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
        pick(8 + Math.floor(random() * 6)),
      );
      const text = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        random() < 0.5 ? needles[Math.floor(random() * needles.length)] : pick(Math.floor(random() * 30)),
      ).join(pick(Math.floor(random() * 3)));
      expect(found(new NeedleIndex(needles, 8), text)).toEqual(reference(text, needles));
    }
  });

  it('finds a needle at the very start and at the very end of the text, and one that is the whole text', () => {
    const index = new NeedleIndex(['canary-start', 'canary-end-x'], 8);
    expect(found(index, 'canary-start middle canary-end-x')).toEqual(['0-12', '20-32']);
    expect(found(index, 'canary-end-x')).toEqual(['0-12']);
    expect(index.find('canary-')).toBeUndefined();
    expect(index.find('')).toBeUndefined();
  });

  it('reports every needle that shares a prefix with another, and overlapping occurrences', () => {
    const index = new NeedleIndex(['canary-aaaa', 'canary-aaaa-longer', 'aaaa-longer-tail'], 8);
    expect(found(index, 'x canary-aaaa-longer-tail y')).toEqual(['2-13', '2-20', '9-25']);
  });

  it('refuses needles shorter than its prefix', () => {
    expect(() => new NeedleIndex(['short'], 8)).toThrow(RangeError);
  });
});

describe('Scrubber with many secrets (one-pass index)', () => {
  const secrets = Array.from({ length: 60 }, (_, i) => `canary-${i}-not-a-real-secret-${i * 7919}`);
  const scrubber = new Scrubber();
  for (const s of secrets) scrubber.add(s);

  it('hides every secret and its encoded forms, and leaves other text as it is', () => {
    const text = [
      `plain ${secrets[0]}`,
      `json ${JSON.stringify({ v: `"${secrets[17]}"` })}`,
      `url ${encodeURIComponent(`a b ${secrets[33]}`)}`,
      `b64 ${Buffer.from(`user:${secrets[59]}`).toString('base64')}`,
      'nothing here canary-99-not-a-real-secret-0',
    ].join('\n');
    const out = scrubber.scrub(text);
    for (const s of [secrets[0], secrets[17], secrets[33], secrets[59]]) expect(out).not.toContain(s);
    expect(out).not.toContain(Buffer.from(`user:${secrets[59]}`).toString('base64'));
    expect(out).toContain('nothing here canary-99-not-a-real-secret-0');
    expect(out.split('[REDACTED]').length - 1).toBe(4);
  });

  it('merges overlapping secrets into one [REDACTED], like the indexOf search', () => {
    const many = new Scrubber();
    for (const s of secrets) many.add(s);
    many.add('fake-token-AAAA1111');
    many.add('1111-fake-token-BBBB');
    expect(many.scrub('x fake-token-AAAA1111-fake-token-BBBB y')).toBe('x [REDACTED] y');
  });

  it('returns the identical string when nothing matches', () => {
    const text = 'a long enough text without any of the known values in it';
    expect(scrubber.scrub(text)).toBe(text);
  });

  it('finds a secret at the end of a 1 MB message', () => {
    const big = 'The quick brown fox jumps over the lazy dog. '.repeat(23_000) + secrets[42];
    const out = scrubber.scrub(big);
    expect(out.endsWith('[REDACTED]')).toBe(true);
    expect(out).not.toContain(secrets[42]);
  });
});
