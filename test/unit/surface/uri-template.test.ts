import { CallDenied, StartupError } from '../../../src/errors';
import { decodeVariables } from '../../../src/server/resources/decode-variables';
import { compileTemplate } from '../../../src/server/resources/uri-template';

describe('compileTemplate', () => {
  it('matches simple, reserved, path, label and query expressions', () => {
    expect(compileTemplate('test://template/{id}/data', 'o').match('test://template/123/data')).toEqual({
      id: '123',
    });
    expect(
      compileTemplate('test://template/{id}/data', 'o').match('test://template/1/2/data'),
    ).toBeUndefined();
    expect(compileTemplate('docs://files/{+path}', 'o').match('docs://files/a/b%2Fc.md')).toEqual({
      path: 'a/b%2Fc.md',
    });
    expect(compileTemplate('x://{a}{/b,c}', 'o').match('x://one/two/three')).toEqual({
      a: 'one',
      b: 'two',
      c: 'three',
    });
    expect(compileTemplate('x://f{.ext}', 'o').match('x://f.md')).toEqual({ ext: 'md' });
    expect(compileTemplate('x://s{?q,n}', 'o').match('x://s?q=abc&n=2')).toEqual({ q: 'abc', n: '2' });
    expect(compileTemplate('x://{a}', 'o').match('x://a?b')).toBeUndefined();
    expect(compileTemplate('x://{a}', 'o').match('y://a')).toBeUndefined();
    expect(compileTemplate('x://{a}', 'o').match(`x://${'a'.repeat(9000)}`)).toBeUndefined();
  });

  it('escapes the literal parts (a dot is not "any character")', () => {
    expect(compileTemplate('x://a.b/{v}', 'o').match('x://aXb/1')).toBeUndefined();
  });

  it('refuses malformed templates at start-up', () => {
    for (const bad of [
      'x://{a',
      'x://{a}}',
      'x://{a-b}',
      'x://{a}/{a}',
      'x://{+a,b}',
      'x://{=a}',
      'x://{a*,b}',
      'x://{+a*,b}',
      'x://{a:0}',
      'x://{a:10000}',
    ]) {
      expect(() => compileTemplate(bad, 'Owner')).toThrow(StartupError);
    }
  });
});

describe('decodeVariables', () => {
  it('decodes once', () => {
    expect(decodeVariables({ p: '..%2Fsecret', q: '%2e%2e', r: 'a%20b', s: '100%25' }, 'doc')).toEqual({
      p: '../secret',
      q: '..',
      r: 'a b',
      s: '100%',
    });
  });

  it.each([['%252e%252e'], ['%2541'], ['%E0%A4%A'], ['%00x'], ['a%0Ab'], ['%C2%85']])(
    'refuses %s',
    (value) => {
      let error: unknown;
      try {
        decodeVariables({ path: value }, 'doc');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CallDenied);
      expect((error as CallDenied).reason).toBe('validation');
      expect((error as Error).message).not.toContain(value);
    },
  );
});
