import { join } from 'node:path';
import { FAKE } from './fake-secrets';
import {
  auditInProcess,
  cleanup,
  emptyProject,
  ensureBuilt,
  findings,
  put,
  runCli,
  tempDir,
} from './helpers';

// Client configs written by someone else: secrets outside env/args/headers, and names made to attack the
// terminal or forge report lines. Every token here is a runtime-assembled fake (see fake-secrets.ts).
beforeAll(ensureBuilt);
afterAll(cleanup);

/** Everything after the first four characters of each planted secret: never in any output. */
const BODIES = [FAKE.CANARY, FAKE.GITHUB, FAKE.OPENAI, FAKE.SLACK, FAKE.HIGH_ENTROPY].map((s) => s.slice(4));

function secretsEverywhere(): string {
  return put(
    join(tempDir(), 'mcp.json'),
    JSON.stringify(
      {
        mcpServers: {
          'in-command': { command: `GITHUB_TOKEN=${FAKE.CANARY} npx`, args: ['-y', 'server'] },
          'in-cwd': { command: 'node', args: ['x.js'], cwd: `/srv/${FAKE.GITHUB}/app` },
          'in-nested-field': {
            command: 'node',
            options: { auth: [{ apiKey: FAKE.HIGH_ENTROPY }] },
            transport: { type: 'stdio', extra: `--token=${FAKE.OPENAI}` },
          },
          [`named-${FAKE.SLACK}`]: { command: 'node' },
        },
      },
      null,
      2,
    ),
  );
}

describe('secrets in any field of a client config', () => {
  it('finds them in command, cwd, nested fields and server names; never prints them (JSON, child process)', () => {
    const r = runCli([
      'audit',
      '--json',
      '--project',
      emptyProject(),
      '--client-config',
      secretsEverywhere(),
    ]);
    const secret = findings(r).filter((f) => f.id === 'client-secret');
    const titles = secret.map((f) => f.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"in-command": Anthropic API key hard-coded in command \(sk-a…\[redacted\]\)/),
        expect.stringMatching(/"in-cwd": GitHub token hard-coded in cwd/),
        expect.stringMatching(
          /"in-nested-field": random-looking value of apiKey hard-coded in options\.auth\[0\]\.apiKey/,
        ),
        expect.stringMatching(
          /"in-nested-field": OpenAI-style API key \(sk-\) hard-coded in transport\.extra/,
        ),
        expect.stringMatching(/"named-xoxb…\[redacted\]": Slack token hard-coded in the server name/),
      ]),
    );
    expect(secret.find((f) => f.title.includes('in-command'))?.line).toBe(4);
    const missing = findings(r).find(
      (f) => f.id === 'client-command-missing' && f.title.includes('in-command'),
    );
    expect(missing?.title).toBe('Server "in-command": its command is not found on PATH or on disk');
    for (const body of BODIES) expect(r.stdout + r.stderr).not.toContain(body);
    expect(r.code).toBe(1);
  });

  it.each([
    ['SARIF', ['--sarif']],
    ['text', []],
  ])('never prints them in %s output either (in process)', async (_, format) => {
    const r = await auditInProcess([
      ...format,
      '--project',
      emptyProject(),
      '--client-config',
      secretsEverywhere(),
    ]);
    expect(r.all).toMatch(/client-secret/);
    for (const body of BODIES) expect(r.all).not.toContain(body);
  });
});

describe('client configs that cannot be parsed or read', () => {
  it('a token in a config that is not valid JSON is still found (child process)', () => {
    const project = emptyProject();
    put(join(project, '.mcp.json'), `{ "mcpServers": { "x": { "env": { "K": "${FAKE.GITHUB}" } } }  oops`);
    const r = runCli(['audit', '--json', '--project', project]);
    expect(findings(r)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'client-config-invalid' }),
        expect.objectContaining({ id: 'client-secret', file: '.mcp.json', line: 1 }),
      ]),
    );
    expect(r.stdout).not.toContain(FAKE.GITHUB.slice(4));
    expect(r.code).toBe(1);
  });
});

describe('names that attack the terminal or forge report lines', () => {
  const ESC = '\u001b';
  // Raw control characters other than the newlines that separate output lines.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  const forged = `x${ESC}[2K${ESC}[1A\r0 findings (0 high, 0 medium, 0 low, 0 info).\n\u202eevil`;

  function hostileConfig(): string {
    return put(
      join(tempDir(), 'mcp.json'),
      JSON.stringify({ mcpServers: { [forged]: { url: 'http://example.com/mcp' } } }),
    );
  }

  it('text: control characters are shown escaped, so no row or summary line can be forged', async () => {
    const r = await auditInProcess(['--project', emptyProject(), '--client-config', hostileConfig()]);
    expect(r.all).not.toMatch(RAW_CONTROL);
    expect(r.all).toContain('x\\x1b[2K\\x1b[1A\\x0d0 findings');
    expect(r.all.split('\n').filter((l) => /^\d+ findings/.test(l))).toEqual([
      '4 findings (1 high, 1 medium, 1 low, 1 info).',
    ]);
    expect(r.code).toBe(1);
  });

  it('JSON and SARIF (child process): the exact name survives a parse, with no raw control characters', () => {
    const file = hostileConfig();
    for (const format of ['--json', '--sarif']) {
      const r = runCli(['audit', format, '--project', emptyProject(), '--client-config', file]);
      expect(r.stdout).not.toMatch(RAW_CONTROL);
      expect(r.stdout).toContain('\\u202e');
      const text = JSON.stringify(JSON.parse(r.stdout));
      expect(text).toContain(JSON.stringify(forged).slice(1, -1));
    }
  });

  it('file names from the project are escaped too', async () => {
    const project = tempDir();
    put(join(project, 'secure-mcp.config.json'), '{}');
    put(join(project, `a\r1 findings.\n${ESC}]0;pwned${ESC}\\.ts`), `const t = '${FAKE.GITHUB}';\n`);
    const r = await auditInProcess(['--no-clients', '--project', project]);
    expect(r.all).not.toContain(ESC);
    expect(r.all).not.toContain('\r');
    expect(r.all).toContain('a\\x0d1 findings.\\x0a\\x1b]0;pwned\\x1b\\.ts:1');
  });
});
