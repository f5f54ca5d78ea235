import fc from 'fast-check';
import { capString, redactArgs, REDACTED } from '../../../src/security/redaction';

const scrub = (s: string) => s.split('sk-live-CANARY').join(REDACTED);

describe('redactArgs', () => {
  it('redacts sensitive fields at the top level and by nested path, arrays transparent', () => {
    const out = redactArgs(
      {
        user: 'ann',
        password: 'hunter2',
        billing: { card: '4111', city: 'Oslo' },
        items: [{ token: 't1' }, { token: 't2', q: 1 }],
      },
      { sensitive: ['password', 'billing.card', 'items.token'] },
    );
    expect(JSON.parse(JSON.stringify(out))).toEqual({
      user: 'ann',
      password: REDACTED,
      billing: { card: REDACTED, city: 'Oslo' },
      items: [{ token: REDACTED }, { token: REDACTED, q: 1 }],
    });
  });

  it('does not treat a nested field of the same name as the top-level sensitive one', () => {
    const out = redactArgs({ password: 'a', other: { password: 'b' } }, { sensitive: ['password'] }) as any;
    expect(out.password).toBe(REDACTED);
    expect(out.other.password).toBe('b');
  });

  it('redacts a sensitive object value whole', () => {
    expect(JSON.stringify(redactArgs({ creds: { user: 'u', pass: 'p' } }, { sensitive: ['creds'] }))).toBe(
      '{"creds":"[REDACTED]"}',
    );
  });

  it('scrubs known secrets in every string, key and number', () => {
    const out = JSON.stringify(
      redactArgs(
        { note: 'key=sk-live-CANARY!', deep: [{ x: ['sk-live-CANARY'] }], 'sk-live-CANARY': 1, pin: 4321 },
        { scrub: (s) => scrub(s).split('4321').join(REDACTED) },
      ),
    );
    expect(out).not.toContain('CANARY');
    expect(out).not.toContain('4321');
    expect(out).toContain('key=[REDACTED]!');
  });

  it('caps each string, marker included, and is idempotent', () => {
    const out = redactArgs({ s: 'a'.repeat(5000) }, { maxStringLength: 100 }) as { s: string };
    expect(out.s.length).toBeLessThanOrEqual(100);
    expect(out.s).toMatch(/^a+…\[truncated \d+ chars\]$/);
    expect(Number(/truncated (\d+)/.exec(out.s)![1]) + out.s.indexOf('…')).toBe(5000);
    expect(redactArgs(out, { maxStringLength: 100 })).toEqual(out);
    expect(capString('short', 100)).toBe('short');
  });

  it('does not split a surrogate pair when capping', () => {
    const s = capString('😀'.repeat(100), 50);
    expect(s.length).toBeLessThanOrEqual(50);
    expect(Buffer.from(s, 'utf8').toString('utf8')).toBe(s); // no lone surrogate (it would become U+FFFD)
  });

  it('replaces args over the byte cap by a summary of their shape, never values', () => {
    const big = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'secretish'.repeat(20)]));
    const out = redactArgs(big, { maxBytes: 1024 }) as Record<string, unknown>;
    expect(out['[truncated]']).toBe('args larger than 1024 bytes');
    expect(out.keyCount).toBe(100);
    expect((out.keys as string[]).length).toBe(32);
    expect(JSON.stringify(out)).not.toContain('secretish');
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThan(1024);
  });

  it('counts multi-byte characters against the byte cap', () => {
    const out = redactArgs({ s: 'é'.repeat(600) }, { maxBytes: 1000, maxStringLength: 1000 }) as Record<
      string,
      unknown
    >;
    expect(out['[truncated]']).toBeDefined(); // 600 chars, 1200 bytes
  });

  it('walks 10,000-deep input without recursion and caps depth', () => {
    let deep: any = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const out = JSON.stringify(redactArgs(deep, { maxDepth: 5 }));
    expect(out).toBe('{"d":{"d":{"d":{"d":{"d":"[max depth]"}}}}}');
  });

  it('stops early on huge arrays (budget), returning a summary', () => {
    const arr = new Array(5_000_000).fill(1);
    const t = Date.now();
    expect(redactArgs(arr)).toMatchObject({
      '[truncated]': 'args larger than 8192 bytes',
      type: 'array',
      length: 5_000_000,
    });
    expect(Date.now() - t).toBeLessThan(500);
  });

  it('keeps __proto__ keys as plain data without touching prototypes', () => {
    const args = JSON.parse('{"__proto__":{"polluted":true},"a":1}');
    const out = redactArgs(args) as Record<string, unknown>;
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as any).polluted).toBeUndefined();
  });

  it('makes odd values JSON-safe: cycles, dates, binary, toJSON, bigint, NaN, functions', () => {
    const cyc: any = { name: 'c' };
    cyc.self = cyc;
    const secretValue = { toJSON: () => '[REDACTED]', reveal: () => 'real' };
    const out = redactArgs({
      cyc,
      when: new Date(0),
      buf: Buffer.from('abc'),
      key: secretValue,
      big: 10n,
      nan: NaN,
      fn: () => 1,
      undef: undefined,
      arr: [undefined, () => 1],
    });
    expect(out).toEqual({
      cyc: { name: 'c', self: '[circular]' },
      when: '1970-01-01T00:00:00.000Z',
      buf: '[binary 3 bytes]',
      key: '[REDACTED]',
      big: '10',
      nan: 'NaN',
      arr: [null, null],
    });
  });

  it('survives throwing getters and proxies', () => {
    const getter = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(redactArgs({ getter })).toEqual({ getter: { x: '[unreadable]' } });
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no');
        },
      },
    );
    expect(redactArgs(proxy)).toBe('[unreadable args]');
  });

  it('returns undefined for undefined args', () => {
    expect(redactArgs(undefined)).toBeUndefined();
  });

  // The size check is skipped when the walk's upper bound already fits: that bound must hold for strings
  // that escaping or UTF-8 makes longer (control chars → \u001f, lone surrogates, 3- and 4-byte characters).
  it('never returns args over maxBytes, whatever the strings escape to', () => {
    const nasty = fc.string({ unit: 'binary', maxLength: 40 });
    const args = fc.dictionary(
      nasty,
      fc.oneof(
        nasty,
        fc.array(nasty, { maxLength: 4 }),
        fc.dictionary(nasty, nasty, { maxKeys: 3 }),
        fc.integer(),
      ),
      { maxKeys: 6 },
    );
    fc.assert(
      fc.property(args, fc.integer({ min: 2, max: 400 }), (value, maxBytes) => {
        const out = redactArgs(value, { maxBytes, sensitive: Object.freeze(['a']) }) as Record<
          string,
          unknown
        >;
        if (out !== null && typeof out === 'object' && '[truncated]' in out) return;
        expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(maxBytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('uses a frozen sensitive list for every call, and a mutable one as it is at each call', () => {
    const frozen = Object.freeze(['secret']);
    expect(JSON.stringify(redactArgs({ secret: 'x', other: 'y' }, { sensitive: frozen }))).toBe(
      '{"secret":"[REDACTED]","other":"y"}',
    );
    const mutable = ['secret'];
    redactArgs({ secret: 'x' }, { sensitive: mutable });
    mutable.push('other');
    expect(JSON.stringify(redactArgs({ secret: 'x', other: 'y' }, { sensitive: mutable }))).toBe(
      '{"secret":"[REDACTED]","other":"[REDACTED]"}',
    );
  });
});
