import fc from 'fast-check';
import { decodeVariables } from '../../../src/server/resources/decode-variables';
import { compileTemplate } from '../../../src/server/resources/uri-template';

const compile = (t: string, maxUriLength?: number) => compileTemplate(t, 'Owner', { maxUriLength });

describe('RFC 6570 level 4: expansion (the RFC examples)', () => {
  const values = {
    var: 'value',
    hello: 'Hello World!',
    path: '/foo/bar',
    list: ['red', 'green', 'blue'],
    x: '1024',
    y: '768',
    empty: '',
  };
  it.each([
    ['{var:3}', 'val'],
    ['{var:30}', 'value'],
    ['{list}', 'red,green,blue'],
    ['{list*}', 'red,green,blue'],
    ['{+path:6}/here', '/foo/b/here'],
    ['{#path:6}/here', '#/foo/b/here'],
    ['X{.list}', 'X.red,green,blue'],
    ['X{.list*}', 'X.red.green.blue'],
    ['{/list*}', '/red/green/blue'],
    ['{;list}', ';list=red,green,blue'],
    ['{;list*}', ';list=red;list=green;list=blue'],
    ['{?list*}', '?list=red&list=green&list=blue'],
    ['{&list*}', '&list=red&list=green&list=blue'],
    ['{?var:3}', '?var=val'],
    ['{+hello}', 'Hello%20World!'],
    ['{x,hello,y}', '1024,Hello%20World%21,768'],
    ['{?x,y,empty}', '?x=1024&y=768&empty='],
    ['{;x,y,empty}', ';x=1024;y=768;empty'],
    ['{?undef}', ''],
    ['{/undef*}', ''],
  ])('%s → %s', (template, expected) => {
    expect(compile(template).expand(values)).toBe(expected);
  });
});

describe('RFC 6570 level 4: matching', () => {
  it('matches exploded path, label and query variables as lists', () => {
    expect(compile('x://t{/seg*}').match('x://t/a/b%2Fc/d')).toEqual({ seg: ['a', 'b%2Fc', 'd'] });
    expect(compile('x://f{.ext*}').match('x://f.tar.gz')).toEqual({ ext: ['tar', 'gz'] });
    expect(compile('x://s{?tag*}').match('x://s?tag=a&tag=b')).toEqual({ tag: ['a', 'b'] });
    expect(compile('x://m{;p*}').match('x://m;p=1;p=2')).toEqual({ p: ['1', '2'] });
    expect(compile('x://{a}{/rest*}{?q}{&n}').match('x://top/x/y?n=2&q=z')).toEqual({
      a: 'top',
      rest: ['x', 'y'],
      q: 'z',
      n: '2',
    });
  });

  it('query parameters may come in any order or be left out; unknown or repeated ones do not match', () => {
    const t = compile('x://s{?q,n}');
    expect(t.match('x://s?n=2&q=a')).toEqual({ q: 'a', n: '2' });
    expect(t.match('x://s?q=a')).toEqual({ q: 'a' });
    expect(t.match('x://s')).toEqual({});
    expect(t.match('x://s?q=a&evil=1')).toBeUndefined();
    expect(t.match('x://s?q=a&q=b')).toBeUndefined();
  });

  it('a prefix variable holds at most n characters (a UTF-8 escape of one character counts once)', () => {
    const t = compile('x://p/{code:3}/x');
    expect(t.match('x://p/abc/x')).toEqual({ code: 'abc' });
    expect(t.match('x://p/abcd/x')).toBeUndefined();
    expect(t.match('x://p/%C3%A9%C3%A9%C3%A9/x')).toEqual({ code: '%C3%A9%C3%A9%C3%A9' });
    expect(t.match('x://p/%C3%A9%C3%A9%C3%A9a/x')).toBeUndefined();
  });

  it('a reserved value ends at the last place where the following literal fits', () => {
    expect(compile('x://{+path}.md').match('x://a/b.c/d.md')).toEqual({ path: 'a/b.c/d' });
    expect(compile('x://{+path}.md').match('x://a/b.txt')).toBeUndefined();
  });

  it('exploded items pass the decode-once rules one by one: traversal decoded, double encoding refused', () => {
    const t = compile('files://root{/path*}');
    const raw = t.match('files://root/a/..%2F..%2Fetc/%2e%2e')!;
    expect(decodeVariables(raw, 'files')).toEqual({ path: ['a', '../../etc', '..'] });
    for (const uri of ['files://root/a/%252e%252e', 'files://root/%00', 'files://root/ok/%E0%A4%A']) {
      expect(() => decodeVariables(t.match(uri)!, 'files')).toThrow(/percent-encoded|control|malformed/);
    }
    expect(() => decodeVariables(compile('x://s{?q*}').match('x://s?q=a&q=%252F')!, 'x')).toThrow(
      /percent-encoded twice/,
    );
  });
});

// Values a round trip can carry: no '%' (a decoded '%' followed by hex is refused as double encoding) and no
// control characters (refused), as the decoding step requires of every client.
const plain = (extra = '') => new RegExp(`^[^%\\u0000-\\u001f\\u007f-\\u009f${extra}]*$`, 'u');
const text = (extra = '') =>
  fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => plain(extra).test(s));
const nonEmpty = (extra = '') => text(extra).filter((s) => s.length > 0);

describe('expand → match → decode round-trips (fast-check)', () => {
  const cases: Array<[string, fc.Arbitrary<Record<string, string | string[]>>]> = [
    ['x://a/{id}', fc.record({ id: nonEmpty() })],
    ['x://files/{+path}', fc.record({ path: nonEmpty('?#') })],
    ['x://t{/seg*}', fc.record({ seg: fc.array(nonEmpty(), { minLength: 1, maxLength: 5 }) })],
    ['x://s{?q,n}', fc.record({ q: text(), n: text() })],
    ['x://s{?tag*}', fc.record({ tag: fc.array(text(), { minLength: 1, maxLength: 5 }) })],
    ['x://m{;p,r}', fc.record({ p: text(), r: text() })],
    ['x://p/{code:3}/x', fc.record({ code: nonEmpty().filter((s) => [...s].length <= 3) })],
    [
      'x://{x}{/rest*}{?q}{&n}',
      fc.record({ x: nonEmpty(), rest: fc.array(nonEmpty(), { minLength: 1 }), q: text(), n: text() }),
    ],
    ['x://d{#frag}', fc.record({ frag: nonEmpty() })],
    ['x://{a},{b}', fc.record({ a: nonEmpty(','), b: nonEmpty() })],
  ];
  it.each(cases)('%s', (template, values) => {
    const t = compile(template);
    fc.assert(
      fc.property(values, (v) => {
        const uri = t.expand(v);
        const raw = t.match(uri);
        expect(raw).toBeDefined();
        expect(decodeVariables(raw!, 'r')).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });
});

describe('matching is linear in the URI (no backtracking)', () => {
  // Templates whose regular expressions backtrack polynomially on a near miss (many candidate split points).
  const adversarial: Array<[string, (n: number) => string]> = [
    ['x://{+a}/{+b}/{+c}.md', (n) => `x://${'/'.repeat(n)}`],
    ['x://{+a}.{+b}.{+c}.md', (n) => `x://${'.'.repeat(n)}x`],
    ['x://{a}{/rest*}{?q,n}', (n) => `x://a${'/b'.repeat(n / 2)}?q=${'&'.repeat(n / 2)}`],
    ['x://s{?tag*}', (n) => `x://s?${'tag=a&'.repeat(n / 6)}bad`],
  ];
  it.each(adversarial)('%s: a 100 KB near miss is matched in linear time', (template, uriOf) => {
    const t = compile(template, 2 * 1024 * 1024);
    const time = (n: number) => {
      const uri = uriOf(n);
      const start = process.hrtime.bigint();
      for (let i = 0; i < 5; i++) t.match(uri);
      return Number(process.hrtime.bigint() - start) / 5e6; // ms per match
    };
    time(10_000); // warm up
    const small = time(100_000);
    const large = time(400_000);
    expect(small).toBeLessThan(50);
    // Four times the input, at most ~4× the time (generous bound for a shared machine; quadratic would be 16×).
    expect(large).toBeLessThan(Math.max(10 * small, 20));
  });

  it('any 100 KB URI against any of the templates takes milliseconds (fast-check)', () => {
    const templates = ['x://{+a}/{+b}.md', 'x://t{/seg*}', 'x://{a}{/rest*}{?q}{&n}', 'x://s{?q,n}'].map(
      (t) => compile(t, 1024 * 1024),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('/', '.', '?', '&', '=', 'a', '%2F', ',', '#'),
        fc.nat(3),
        (unit, which) => {
          const uri = `x://${unit.repeat(Math.ceil(100_000 / unit.length))}`;
          const start = performance.now();
          templates[which].match(uri);
          expect(performance.now() - start).toBeLessThan(100);
        },
      ),
      { numRuns: 40 },
    );
  });
});
