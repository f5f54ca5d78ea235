import fc from 'fast-check';
import { canonicalJSON } from '../../../src/audit';

describe('canonicalJSON', () => {
  it('sorts keys at every level and has no whitespace', () => {
    expect(canonicalJSON({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('follows JSON.stringify for odd values', () => {
    expect(
      canonicalJSON({ u: undefined, f: () => 1, n: NaN, i: -Infinity, z: -0, arr: [undefined, null] }),
    ).toBe('{"arr":[null,null],"i":null,"n":null,"z":0}');
    expect(canonicalJSON('a\n"b"\u2028')).toBe(JSON.stringify('a\n"b"\u2028'));
  });

  it('gives the same text for a value and its JSON round trip (what the verifier hashes)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJSON(JSON.parse(JSON.stringify(value)))).toBe(canonicalJSON(value));
        expect(JSON.parse(canonicalJSON(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
