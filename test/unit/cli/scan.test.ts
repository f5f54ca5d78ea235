import { compileIgnoreFile, isIgnored } from '../../../src/cli/audit/project/git/ignore';

const gitignoreCovers = (text: string, name: string) => isIgnored([compileIgnoreFile('', text)], name);
import { scanToolSource } from '../../../src/cli/audit/project/scan-tools';
import { parseJsonc } from '../../../src/cli/audit/clients/jsonc';

describe('static tool scan', () => {
  it('reads stacked decorators, multi-line options, comments and strings with parentheses', () => {
    const src = [
      "import { Tool } from 'secure-mcp';",
      '/** @Tool( in a doc comment is not a tool */',
      '@Tool({',
      "  name: 'a_tool', // the (name)",
      "  description: 'has ) and ( inside',",
      '  input: In,',
      '})',
      '@ReadOnly()',
      "@RateLimit({ limit: 5, window: '1s' })",
      "@RateLimit({ limit: 100, window: '1h' })",
      "@Egress('api.example.com', '*.cdn.example.com')",
      "@IamPolicy({ actions: ['s3:GetObject', \"s3:ListBucket\"], resources: ['arn:aws:s3:::b'] })",
      'export default class ATool {}',
      '',
      "@Tool({ name: 'b_tool', description: 'd', input: In }) @Audit() class BTool {}",
      '@Injectable() export class NotATool {}',
    ].join('\n');
    const tools = scanToolSource(src, 'x.ts');
    expect(tools.map((t) => ({ ...t, rateLimits: t.rateLimits.length }))).toEqual([
      {
        className: 'ATool',
        name: 'a_tool',
        file: 'x.ts',
        line: 3,
        readOnly: true,
        rateLimits: 2,
        audit: undefined,
        iam: [
          {
            actions: ['s3:GetObject', 's3:ListBucket'],
            resources: ['arn:aws:s3:::b'],
            allowWildcard: undefined,
            reason: undefined,
          },
        ],
        egress: ['api.example.com', '*.cdn.example.com'],
      },
      {
        className: 'BTool',
        name: 'b_tool',
        file: 'x.ts',
        line: 15,
        readOnly: false,
        rateLimits: 0,
        audit: {},
        iam: [],
        egress: undefined,
      },
    ]);
  });

  it('parses JSONC (comments, trailing commas) without touching strings', () => {
    expect(parseJsonc('{ // c\n "a": "http://x/*y*/", /* b */ "b": [1, 2,], }')).toEqual({
      a: 'http://x/*y*/',
      b: [1, 2],
    });
  });

  it('reads .gitignore patterns with negation', () => {
    expect(gitignoreCovers('.env\n', '.env')).toBe(true);
    expect(gitignoreCovers('/.env*\n!.env.local\n', '.env.local')).toBe(false);
    expect(gitignoreCovers('*.env\n', '.env')).toBe(true);
    expect(gitignoreCovers('dist/\n.envrc\n', '.env')).toBe(false);
  });
});
