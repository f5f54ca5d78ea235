import { join } from 'node:path';
import { FAKE } from './fake-secrets';
import { cleanup, ensureBuilt, FIXTURES, materialize, put, runCli, tempDir } from './helpers';

beforeAll(ensureBuilt);
afterAll(cleanup);

const ENTRY = join(FIXTURES, 'projects/entry/server.js');

describe('secure-mcp tools', () => {
  it('--entry loads the module with SECURE_MCP_NO_LISTEN=1 and prints each posture as JSON', () => {
    const r = runCli(['tools', '--entry', ENTRY, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { source: string; tools: Record<string, unknown>[] };
    expect(out.source).toBe('entry');
    expect(out.tools).toEqual([
      expect.objectContaining({
        name: 'read_doc',
        readOnly: true,
        rateLimits: [{ limit: 10, window: '1m', by: 'principal' }],
        audit: {},
        secrets: [expect.objectContaining({ name: 'DOCS_API_KEY' })],
        scopes: ['docs:read'],
        egress: ['api.example.com'],
      }),
      expect.objectContaining({ name: 'write_doc', readOnly: false, rateLimits: [], secrets: [] }),
    ]);
    expect(out.tools[1].audit).toBeUndefined();
  });

  it('loads an ESM entry whose listen() would never return without SECURE_MCP_NO_LISTEN', () => {
    const r = runCli(['tools', '--entry', join(FIXTURES, 'projects/entry/server.mjs'), '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name)).toEqual([
      'ping',
    ]);
  });

  it('prints a table', () => {
    const r = runCli(['tools', '--entry', ENTRY]);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TOOL\s+ACCESS\s+RATE LIMIT\s+AUDIT\s+SECRETS\s+SCOPES\s+EGRESS\s+IAM$/);
    expect(lines[2]).toMatch(
      /^read_doc\s+read-only\s+10\/1m\s+yes\s+DOCS_API_KEY\s+docs:read\s+api\.example\.com\s+/,
    );
    expect(lines[3]).toMatch(/^write_doc\s+WRITE\s+NONE\s+NO\s+/);
  });

  it('without --entry scans the sources', () => {
    const r = runCli(['tools', '--project', join(FIXTURES, 'projects/bad'), '--json']);
    const out = JSON.parse(r.stdout) as {
      source: string;
      tools: { name: string; line: number; readOnly: boolean }[];
    };
    expect(out.source).toBe('static-scan');
    expect(out.tools.map((t) => [t.name, t.line, t.readOnly])).toEqual([
      ['delete_user', 8, false],
      ['search_docs', 9, true],
    ]);
  });

  it('reports an entry that throws, or does not exist, with exit 2', () => {
    const broken = runCli(['tools', '--entry', join(FIXTURES, 'projects/entry/broken.js')], {
      env: { LEAKED_KEY: FAKE.CANARY },
    });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('entry failed to start: missing configuration');
    expect(broken.stderr).toContain('config: sk-a…[redacted]');
    expect(broken.stderr).not.toContain(FAKE.CANARY.slice(4));
    const missing = runCli(['tools', '--entry', join(tempDir(), 'nope.js')]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('entry module not found') });
  });
});

describe('secure-mcp audit --entry', () => {
  it('audits the tools the built entry registers', () => {
    const r = runCli(['audit', '--json', '--no-clients', '--project', tempDir(), '--entry', ENTRY]);
    const ids = (JSON.parse(r.stdout) as { findings: { id: string; title: string }[] }).findings
      .filter((f) => f.id.startsWith('tool-'))
      .map((f) => `${f.id} ${f.title.match(/"([^"]+)"/)![1]}`)
      .sort();
    expect(ids).toEqual(['tool-no-audit write_doc', 'tool-no-rate-limit write_doc', 'tool-write write_doc']);
  });

  it('exits 2 when the project or a named client config does not exist', () => {
    const gone = join(tempDir(), 'gone');
    expect(runCli(['audit', '--project', gone])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`not found: ${gone}`),
    });
    expect(runCli(['audit', '--project', tempDir(), '--client-config', gone]).code).toBe(2);
  });
});

describe('secure-mcp iam-policy', () => {
  it('merges declarations into one least-privilege document grouped by resource set', () => {
    const r = runCli(['iam-policy', '--entry', ENTRY]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SecureMcp01',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:Query'],
          Resource: ['arn:aws:dynamodb:us-east-1:123456789012:table/Docs'],
        },
        {
          Sid: 'SecureMcp02',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: ['arn:aws:s3:::docs/*'],
        },
      ],
    });
  });

  it('--read-only keeps only the permissions of @ReadOnly tools', () => {
    const doc = JSON.parse(runCli(['iam-policy', '--entry', ENTRY, '--read-only']).stdout) as {
      Statement: { Action: string[] }[];
    };
    expect(doc.Statement.flatMap((s) => s.Action).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Query',
      's3:GetObject',
    ]);
  });

  it('refuses wildcards without allowWildcard and a reason (exit 1, nothing on stdout)', () => {
    const r = runCli(['iam-policy', '--project', join(FIXTURES, 'projects/bad')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/tool "delete_user": wildcard s3:\*, \*/);
    expect(r.stderr).not.toMatch(/search_docs/);
  });
});

describe('secure-mcp policy check', () => {
  it('loads extends from a package in the project node_modules (local wins) and reports violations', () => {
    const project = materialize('projects/good');
    put(
      join(project, 'node_modules/@acme/mcp-policy/package.json'),
      JSON.stringify({ name: '@acme/mcp-policy', main: 'policy.json' }),
    );
    put(
      join(project, 'node_modules/@acme/mcp-policy/policy.json'),
      JSON.stringify({ readOnly: true, requireAudit: false, maxSecretAgeDays: 30 }),
    );
    put(
      join(project, 'secure-mcp.config.json'),
      JSON.stringify({ extends: '@acme/mcp-policy', requireAudit: true }),
    );
    put(
      join(project, 'src/tools/write.ts'),
      "// @ts-nocheck\n@Tool({ name: 'write_it', description: 'w', input: I })\n@RateLimit({ limit: 1, window: '1s' })\nexport class W {}\n",
    );
    const r = runCli(['policy', 'check', '--project', project, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { policy: object; files: string[]; violations: object[] };
    expect(out.policy).toEqual({ readOnly: true, requireAudit: true, maxSecretAgeDays: 30 });
    expect(out.files.map((f) => f.slice(project.length))).toEqual([
      '/node_modules/@acme/mcp-policy/policy.json',
      '/secure-mcp.config.json',
    ]);
    expect(out.violations).toEqual([
      { tool: 'write_it', rule: 'requireAudit', message: 'tool "write_it" has no @Audit' },
      {
        tool: 'write_it',
        rule: 'readOnly',
        message: 'tool "write_it" is a write tool; the policy allows only @ReadOnly tools',
      },
    ]);
  });

  it('reports an extends cycle with exit 2', () => {
    const project = tempDir();
    put(join(project, 'secure-mcp.config.json'), JSON.stringify({ extends: './a.json' }));
    put(join(project, 'a.json'), JSON.stringify({ extends: './b.json' }));
    put(join(project, 'b.json'), JSON.stringify({ extends: './a.json' }));
    const r = runCli(['policy', 'check', '--project', project]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cycle: .*secure-mcp\.config\.json -> .*a\.json -> .*b\.json -> .*a\.json/);
  });

  it('passes the good project', () => {
    const r = runCli(['policy', 'check', '--project', join(FIXTURES, 'projects/good')]);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('1 tools comply.') });
  });
});

describe('secure-mcp secrets and audit verify (adapters not wired yet in this branch)', () => {
  it('secrets list shows names and dates from the catalog, never values', () => {
    const state = tempDir();
    put(
      join(state, 'secrets.json'),
      JSON.stringify({
        secrets: [
          {
            server: 'docs',
            name: 'SEARCH_API_KEY',
            createdAt: '2026-01-02T00:00:00Z',
            rotatedAt: '2026-03-04T00:00:00Z',
          },
        ],
      }),
    );
    const r = runCli(['secrets', 'list'], { env: { SECURE_MCP_STATE_DIR: state } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^docs\s+SEARCH_API_KEY\s+2026-01-02\s+2026-03-04\s+\d+d$/m);
    const json = runCli(['secrets', 'list', '--json', '--server', 'other'], {
      env: { SECURE_MCP_STATE_DIR: state },
    });
    expect(JSON.parse(json.stdout)).toEqual({ secrets: [] });
  });

  it('secrets set never takes the value from argv', () => {
    const r = runCli(['secrets', 'set', 'API_KEY', 'the-value-on-argv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/too many arguments/i);
  });

  it('secrets set reports the missing keychain backend with exit 2 (until src/security/secrets is merged)', () => {
    const r = runCli(['secrets', 'set', 'API_KEY', '--server', 'docs'], { input: 'value-from-stdin\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not available in this build/);
    expect(r.stdout + r.stderr).not.toContain('value-from-stdin');
  });

  it('audit verify reports the missing verifier with exit 2 (until src/audit is merged)', () => {
    const r = runCli(['audit', 'verify', join(tempDir(), 'audit.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/audit log verification .* not available/);
  });
});
