import { parseJsonc } from '../../../src/cli/audit/clients/jsonc';

describe('parseJsonc (client configs such as VS Code settings)', () => {
  it('keeps strings that look like a trailing comma or a comment as written', () => {
    const text = '{ // a server\n "args": ["--sep=, ]", "http://x/*y*/", "a,}"], /* note */ "n": 1, }';
    expect(parseJsonc(text)).toEqual({ args: ['--sep=, ]', 'http://x/*y*/', 'a,}'], n: 1 });
  });

  it('refuses text that is not JSONC', () => {
    expect(() => parseJsonc('{ "a": }')).toThrow(SyntaxError);
    expect(() => parseJsonc('')).toThrow(SyntaxError);
  });
});
