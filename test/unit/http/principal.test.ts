import { principalFromClaims, principalId } from '../../../src/server/http/principal';

describe('principalId', () => {
  it('qualifies sub by iss, and keeps a bare sub for tokens without iss', () => {
    expect(principalId('https://idp.test', 'alice')).toBe('https://idp.test#alice');
    expect(principalId(undefined, 'alice')).toBe('alice');
  });

  it('never gives two (iss, sub) pairs the same id, whatever characters they hold', () => {
    const pairs: Array<[string | undefined, string]> = [
      ['https://a', 'b#c'],
      ['https://a#b', 'c'],
      ['https://a%23b', 'c'],
      [undefined, 'https://a#b#c'],
      [undefined, '#https://a#b#c'],
      [undefined, 'https://a%23b#c'],
      ['https://a', '#b#c'],
    ];
    const ids = pairs.map(([iss, sub]) => principalId(iss, sub));
    expect(new Set(ids).size).toBe(pairs.length);
  });

  it('builds the principal from claims with that id and the scope list', () => {
    expect(principalFromClaims({ iss: 'https://idp.test', sub: 'bob', scope: 'a b' })).toMatchObject({
      id: 'https://idp.test#bob',
      scopes: ['a', 'b'],
    });
    expect(principalFromClaims({ iss: 'https://idp.test' })).toBeUndefined();
  });
});
