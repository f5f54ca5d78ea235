import { Scrubber, SecretValue, MIN_SECRET_LENGTH, MAX_SCRUB_DEPTH } from '../../../src/security/secrets';

const A = 'canary-secret-7f3a9';

function scrubberWith(...values: string[]): Scrubber {
  const s = new Scrubber();
  for (const v of values) s.add(v);
  return s;
}

describe('Scrubber.scrub', () => {
  it('returns the same string when it knows no secrets', () => {
    const text = `anything ${A}`;
    expect(new Scrubber().scrub(text)).toBe(text);
  });

  it('replaces every occurrence', () => {
    expect(scrubberWith(A).scrub(`a ${A} b ${A}${A}`)).toBe('a [REDACTED] b [REDACTED]');
  });

  it('returns the identical string when nothing matches', () => {
    const text = 'nothing secret here, just text that is long enough';
    expect(scrubberWith(A).scrub(text)).toBe(text);
  });

  it('hides both of two overlapping secrets completely', () => {
    const s = scrubberWith('fake-token-AAAA1111', '1111-fake-token-BBBB');
    const out = s.scrub('x fake-token-AAAA1111-fake-token-BBBB y');
    expect(out).toBe('x [REDACTED] y');
  });

  it('prefers the longer of two secrets where one contains the other', () => {
    const s = scrubberWith('canary-short', 'canary-short-and-longer');
    expect(s.scrub('[canary-short-and-longer] [canary-short]')).toBe('[[REDACTED]] [[REDACTED]]');
  });

  it('treats regular-expression metacharacters literally', () => {
    const value = 'fake.*+?^${}()|[]\\/-canary';
    const s = scrubberWith(value);
    expect(s.scrub(`before ${value} after`)).toBe('before [REDACTED] after');
    expect(s.scrub('fakeXXXXXXXX-canary and fake.*+ only')).toBe('fakeXXXXXXXX-canary and fake.*+ only');
  });

  it('handles unicode values and text', () => {
    const value = 'fälschung-🔑-カナリア';
    const s = scrubberWith(value);
    expect(s.scrub(`→ ${value} ←`)).toBe('→ [REDACTED] ←');
  });

  it('finds a value JSON-escaped inside serialized text', () => {
    const value = 'fake"quote\\slash\nline';
    const s = scrubberWith(value);
    const json = JSON.stringify({ v: value });
    expect(s.scrub(json)).toBe('{"v":"[REDACTED]"}');
  });

  it('finds URL-encoded forms', () => {
    const value = 'fake secret&canary=1/2';
    const s = scrubberWith(value);
    expect(s.scrub(`https://x.test/?k=${encodeURIComponent(value)}`)).not.toContain(
      encodeURIComponent(value),
    );
    expect(s.scrub(`a=${new URLSearchParams({ k: value }).toString()}`)).toBe('a=k=[REDACTED]');
  });

  it.each([0, 1, 2, 3, 4, 5])('finds base64 forms at any offset (prefix of %i bytes)', (prefixLength) => {
    const s = scrubberWith(A);
    const prefix = 'u'.repeat(prefixLength) + ':';
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = Buffer.from(prefix + A + '!tail').toString(encoding);
      const out = s.scrub(`Authorization: Basic ${encoded}`);
      expect(out).toContain('[REDACTED]');
      // What is left of the encoded text must not decode to the secret any more.
      expect(Buffer.from(out.replace('[REDACTED]', ''), encoding).toString()).not.toContain(A.slice(2, -2));
    }
  });

  it('finds the value without a trailing newline', () => {
    expect(scrubberWith(`${A}\n`).scrub(`k=${A};`)).toBe('k=[REDACTED];');
  });

  it(`refuses values shorter than ${MIN_SECRET_LENGTH} characters`, () => {
    expect(() => new Scrubber().add('abc')).toThrow(RangeError);
    expect(() => new Scrubber().add('x'.repeat(MIN_SECRET_LENGTH))).not.toThrow();
  });

  it('is fast: 0 secrets costs nothing, 10 secrets on 10 KB stays well under a millisecond', () => {
    const text = 'lorem ipsum dolor sit amet '.repeat(400);
    const empty = new Scrubber();
    const ten = scrubberWith(...Array.from({ length: 10 }, (_, i) => `canary-secret-${i}-7f3a9`));
    const time = (s: Scrubber, n: number) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) s.scrub(text);
      return Number(process.hrtime.bigint() - start) / n / 1000; // µs per call
    };
    time(ten, 200); // warm up
    expect(time(empty, 10_000)).toBeLessThan(5);
    expect(time(ten, 1_000)).toBeLessThan(1_000);
  });
});

describe('Scrubber.scrubDeep', () => {
  const s = scrubberWith(A);

  it('returns the same value when it knows no secrets', () => {
    const value = { a: [1, { b: A }] };
    expect(new Scrubber().scrubDeep(value)).toBe(value);
  });

  it('returns the same references where there is nothing to hide', () => {
    const clean = { list: [1, 2], inner: { x: 'y' } };
    const value = { clean, dirty: { token: A } };
    const out = s.scrubDeep(value) as typeof value;
    expect(out).not.toBe(value);
    expect(out.clean).toBe(clean);
    expect(out.dirty).toEqual({ token: '[REDACTED]' });
    expect(value.dirty.token).toBe(A); // input untouched
  });

  it('scrubs strings in arrays, nested objects and keys, and SecretValues', () => {
    const value = { [A]: 1, list: ['x', `a ${A}`], deep: { deeper: [{ v: A }] }, sv: new SecretValue(A) };
    const out = s.scrubDeep(value);
    expect(JSON.stringify(out)).not.toContain(A);
    expect(out).toEqual({
      '[REDACTED]': 1,
      list: ['x', 'a [REDACTED]'],
      deep: { deeper: [{ v: '[REDACTED]' }] },
      sv: '[REDACTED]',
    });
  });

  it('scrubs Error messages and stacks', () => {
    const error = new Error(`failed with ${A}`);
    const out = s.scrubDeep({ error }) as { error: Error };
    expect(out.error).toBeInstanceOf(Error);
    expect(out.error.message).toBe('failed with [REDACTED]');
    expect(out.error.stack).not.toContain(A);
  });

  it('survives cycles and extreme depth without leaking', () => {
    const cyclic: Record<string, unknown> = { v: A };
    cyclic.self = cyclic;
    expect(s.scrubDeep(cyclic)).toEqual({ v: '[REDACTED]', self: '[Circular]' });

    let deep: unknown = A;
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const out = s.scrubDeep(deep);
    let cursor = out as { d: unknown };
    for (let i = 0; i < MAX_SCRUB_DEPTH; i++) cursor = cursor.d as { d: unknown };
    expect(cursor).toBe('[REDACTED: too deep]');
  });

  it('keeps symbol-keyed properties (winston log records carry level and message under symbols)', () => {
    const LEVEL = Symbol.for('level');
    const record = { level: 'info', message: `token ${A}`, [LEVEL]: 'info' };
    const out = s.scrubDeep(record) as typeof record;
    expect(out.message).toBe('token [REDACTED]');
    expect(out[LEVEL]).toBe('info');
  });

  it('keeps a shared (non-cyclic) object scrubbed in both places', () => {
    const shared = { v: A };
    expect(s.scrubDeep([shared, shared])).toEqual([{ v: '[REDACTED]' }, { v: '[REDACTED]' }]);
  });
});
