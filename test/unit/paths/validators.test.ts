import 'reflect-metadata';
import { validateSync } from 'class-validator';
import {
  IsSafeArg,
  IsSafePath,
  IsSafeUrl,
  NoControlChars,
  isSafeArg,
  isSafePath,
  isSafeUrl,
  noControlChars,
} from '../../../src/validation/validators';

describe('isSafePath', () => {
  it.each(['a.txt', 'dir/file.md', './x', '..test', 'a..b', '.hidden', 'é/日本語/😀.txt', '%2e%2e', 'dir/'])(
    'accepts %j',
    (p) => expect(isSafePath(p)).toBe(true),
  );

  // As SafeFs (os.Root semantics): a '..' that stays below the start is fine.
  it.each(['sub/../ok.txt', 'a/..', 'a/b/../../c', './a/./../b', 'a/．．/b'])('accepts %j', (p) =>
    expect(isSafePath(p)).toBe(true),
  );

  it.each([
    ['', 'empty'],
    ['..', 'parent'],
    ['../x', 'parent'],
    ['a/../../x', 'parent above the start'],
    ['a/b/../../..', 'trailing parent above the start'],
    ['./..', 'parent after dot'],
    ['a\0b', 'NUL'],
    ['a\nb', 'newline'],
    ['a\\b', 'backslash'],
    ['..\\x', 'windows parent'],
    ['C:\\x', 'drive'],
    ['\\\\server\\share', 'UNC'],
    ['\\\\?\\C:\\x', 'device path'],
    ['//server/share', 'UNC with slashes'],
    ['/etc/passwd', 'absolute'],
    ['．．／etc', 'full-width dots and slash (NFKC ../)'],
    ['\u2025/x', 'two-dot leader (NFKC ..)'],
    ['a／．．／．．／x', 'full-width slashes and dots climbing (NFKC)'],
    ['a\uff3cb', 'full-width backslash (NFKC \\)'],
    ['x'.repeat(256), 'overlong segment'],
    ['a/'.repeat(2049), 'overlong path'],
  ])('refuses %j (%s)', (p) => expect(isSafePath(p)).toBe(false));

  it('refuses non-strings', () => {
    for (const v of [undefined, null, 1, ['a'], { toString: () => 'a' }]) expect(isSafePath(v)).toBe(false);
  });

  it('accepts absolute paths only when asked', () => {
    expect(isSafePath('/data/x')).toBe(false);
    expect(isSafePath('/data/x', { allowAbsolute: true })).toBe(true);
    expect(isSafePath('/data/../x', { allowAbsolute: true })).toBe(true);
    expect(isSafePath('/data/../../x', { allowAbsolute: true })).toBe(false);
  });

  const onWindows = process.platform === 'win32';
  it.each(['c:x', 'C:', 'f:oo', 'a/... /b', 'a/...', 'name.', 'name '])(
    '%j: Windows rules on Windows or when asked, an ordinary name elsewhere',
    (p) => {
      expect(isSafePath(p)).toBe(!onWindows);
      expect(isSafePath(p, { windowsRules: true })).toBe(false);
      expect(isSafePath(p, { windowsRules: false })).toBe(true);
    },
  );
});

describe('isSafeArg', () => {
  it.each(['file.txt', 'hello world', 'a-b', 'é'])('accepts %j', (v) => expect(isSafeArg(v)).toBe(true));
  it.each(['', '-rf', '--output=/etc/x', 'a\0', 'a\nb', 'a\rb', '\u0085x', 'x\u001b[2J', 5])(
    'refuses %j',
    (v) => expect(isSafeArg(v)).toBe(false),
  );
});

describe('noControlChars', () => {
  it('accepts ordinary text, including RTL marks', () => {
    expect(noControlChars('Hello, wörld 日本 😀')).toBe(true);
    expect(noControlChars('\u200fשלום')).toBe(true);
  });
  it.each([
    'a\0',
    'a\u0007',
    'a\u001b[31m',
    'a\u007f',
    'a\u0085',
    'a\u202eevil',
    'a\u2066b',
    'a\nb',
    'a\tb',
    7,
  ])('refuses %j by default', (v) => expect(noControlChars(v)).toBe(false));
  it('accepts newlines and tab only when allowed', () => {
    expect(noControlChars('a\r\nb', { allowNewlines: true })).toBe(true);
    expect(noControlChars('a\tb', { allowTab: true })).toBe(true);
    expect(noControlChars('a\tb', { allowNewlines: true })).toBe(false);
    expect(noControlChars('a\0b', { allowNewlines: true, allowTab: true })).toBe(false);
  });
});

describe('isSafeUrl', () => {
  const allow = ['api.example.com', '*.cdn.example.org', '203.0.113.7', '::1'];

  it.each([
    'https://api.example.com/v1?q=1',
    'https://API.Example.COM./x',
    'https://api.example.com:8443/',
    'https://a.cdn.example.org/x',
    'https://a.b.cdn.example.org/x',
    'https://203.0.113.7/',
    'https://[::1]/',
  ])('accepts %j', (u) => expect(isSafeUrl(u, { allow })).toBe(true));

  it.each([
    ['http://api.example.com/', 'http not allowed'],
    ['ftp://api.example.com/', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['https://user:pw@api.example.com/', 'userinfo'],
    ['https://api.example.com@evil.com/', 'userinfo trick'],
    ['https://evil.com\\@api.example.com/', 'backslash trick'],
    ['https://evil.com#@api.example.com', 'fragment trick'],
    ['https://api.example.com.evil.com/', 'suffix trick'],
    ['https://evilapi.example.com/', 'prefix trick'],
    ['https://cdn.example.org/', 'wildcard does not match apex'],
    ['https://evilcdn.example.org/', 'wildcard label boundary'],
    ['https://127.0.0.1/', 'IP not listed'],
    ['https://2130706433/', 'decimal IPv4'],
    ['https://0x7f.1/', 'hex IPv4'],
    ['https://[::ffff:127.0.0.1]/', 'mapped IPv6'],
    ['https://169.254.169.254/latest/meta-data', 'metadata'],
    ['https://api.example.com/\n', 'newline'],
    [' https://api.example.com/', 'leading space'],
    ['https://api.exa\tmple.com/', 'tab inside host'],
    ['not a url', 'garbage'],
    [42, 'non-string'],
  ])('refuses %j (%s)', (u: unknown, _reason: string) => expect(isSafeUrl(u, { allow })).toBe(false));

  it('accepts http only when allowed', () => {
    expect(isSafeUrl('http://api.example.com/', { allow, allowHttp: true })).toBe(true);
  });

  it('caps the length', () => {
    expect(isSafeUrl(`https://api.example.com/${'a'.repeat(3000)}`, { allow })).toBe(false);
    expect(isSafeUrl(`https://api.example.com/${'a'.repeat(3000)}`, { allow, maxLength: 4000 })).toBe(true);
  });

  it('refuses a bad allow list when the decorator is declared', () => {
    expect(() => IsSafeUrl({ allow: ['*.10.0.0.1'] })).toThrow(TypeError);
    expect(() => IsSafeUrl({ allow: ['bad host/'] })).toThrow(TypeError);
  });
});

describe('decorators', () => {
  class Input {
    @IsSafePath() path!: string;
    @IsSafeArg() arg!: string;
    @NoControlChars() text!: string;
    @IsSafeUrl({ allow: ['api.example.com'] }) url!: string;
  }

  function errorsFor(values: Partial<Input>): Record<string, string> {
    const input = Object.assign(new Input(), {
      path: 'a.txt',
      arg: 'x',
      text: 't',
      url: 'https://api.example.com/',
      ...values,
    });
    const out: Record<string, string> = {};
    for (const e of validateSync(input)) out[e.property] = Object.values(e.constraints ?? {}).join('; ');
    return out;
  }

  it('passes valid input', () => expect(errorsFor({})).toEqual({}));

  it('gives clear messages that do not echo the value', () => {
    const secret = 'SECRET-VALUE-123';
    const errors = errorsFor({
      path: `../${secret}`,
      arg: `-${secret}`,
      text: `${secret}\u0000`,
      url: `https://${secret}.evil.com/`,
    });
    expect(errors).toEqual({
      path: expect.stringMatching(
        /^path must be a relative path inside the allowed roots \(no '\.\.' above its start, NUL/,
      ),
      arg: expect.stringMatching(/^arg must be a non-empty argument that does not start with '-'/),
      text: 'text must be a string without control characters, invisible characters or bidi overrides',
      url: expect.stringMatching(/^url must be an https URL to an allowed host/),
    });
    expect(JSON.stringify(errors)).not.toMatch(/SECRET/i);
  });
});

describe("the validators' own ValidationOptions", () => {
  const canary = 'canary-VAL-not-a-real-secret';
  const messages = (input: object, groups?: string[]): string[] =>
    validateSync(input, groups ? { groups } : {}).flatMap((e) => Object.values(e.constraints ?? {}));

  it('uses a custom message without expanding $value, and gives a message function names only', () => {
    const seen: object[] = [];
    class Input {
      @IsSafeArg({ message: 'bad $property: $value' }) arg = `-${canary}`;
      @NoControlChars(undefined, {
        message: (args) => {
          seen.push(args);
          return `${args.targetName}.${args.property} is unsafe ($value)`;
        },
      })
      text = `${canary}\u0000`;
    }
    const out = messages(new Input());
    expect(out).toEqual(['bad arg: the value', 'Input.text is unsafe (the value)']);
    expect(seen).toEqual([{ property: 'text', targetName: 'Input' }]);
    expect(JSON.stringify(out)).not.toContain(canary);
  });

  it('checks every item with each, and only in its groups', () => {
    class Input {
      @IsSafePath(undefined, { each: true, groups: ['local'] }) paths = ['ok.txt', '../up'];
      @IsSafeUrl({ allow: ['api.example.com'] }, { groups: ['remote'] }) url = 'https://other.example.com/';
    }
    expect(messages(new Input(), ['local'])).toEqual([expect.stringMatching(/^each value in paths must be/)]);
    expect(messages(new Input(), ['remote'])).toEqual([expect.stringMatching(/^url must be an https URL/)]);
  });
});
