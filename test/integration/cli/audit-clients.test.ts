import { join } from 'node:path';
import { usageFile, UsageRecorder } from '../../../src/audit/usage';
import { FAKE } from './fake-secrets';
import { cleanup, emptyProject, findings, FIXTURES, materialize, put, runCli, tempDir } from './helpers';

afterAll(cleanup);

function auditConfig(file: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return runCli(['audit', '--json', '--project', emptyProject(), '--client-config', file, ...extra], { env });
}

describe('secure-mcp audit: client configs', () => {
  it("flags the seed's Bad config: hard-coded key in env, masked, exit 1", () => {
    const r = auditConfig(materialize('clients/seed-bad.json'));
    expect(r.code).toBe(1);
    const secret = findings(r).filter((f) => f.id === 'client-secret');
    expect(secret).toHaveLength(1);
    expect(secret[0]).toMatchObject({ severity: 'high', line: 7 });
    expect(secret[0].title).toContain('env.API_KEY');
    expect(secret[0].title).toContain('sk-1…[redacted]');
    expect(r.stdout).not.toContain(FAKE.SEED_KEY);
  });

  it("does not flag the seed's Better config (${API_KEY} reference)", () => {
    const r = auditConfig(join(FIXTURES, 'clients/seed-better.json'));
    expect(r.code).toBe(0);
    expect(findings(r).map((f) => f.id)).not.toContain('client-secret');
  });

  it('ignores every kind of reference and placeholder', () => {
    const r = auditConfig(join(FIXTURES, 'clients/references.json'));
    expect(findings(r).filter((f) => f.id === 'client-secret')).toEqual([]);
  });

  it('finds each known key format in env, args (--flag value, --flag=value) and headers', () => {
    const r = auditConfig(materialize('clients/many-secrets.json'));
    const titles = findings(r)
      .filter((f) => f.id === 'client-secret')
      .map((f) => f.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"openai": OpenAI-style API key .* env\.OPENAI_API_KEY/),
        expect.stringMatching(/"aws": AWS access key id .* env\.AWS_ACCESS_KEY_ID/),
        expect.stringMatching(/"github": GitHub token .* args\[2\]/),
        expect.stringMatching(/"slack": Slack token .* args\[1\]/),
        expect.stringMatching(/"google": Google API key .* env\.MAPS/),
        expect.stringMatching(/"db": random-looking value of DB_PASSWORD .* env\.DB_PASSWORD/),
        expect.stringMatching(/"remote": JSON Web Token .* headers\.Authorization/),
        expect.stringMatching(/"canary": Anthropic API key .* env\.ANTHROPIC_API_KEY/),
        expect.stringMatching(/"query": random-looking value of api_key .* url \?api_key=/),
      ]),
    );
    expect(titles).toHaveLength(9);
  });

  it.each([['text'], ['--json'], ['--sarif']])('never prints a secret value (%s output)', (mode) => {
    const file = materialize('clients/many-secrets.json');
    const r = runCli([
      'audit',
      ...(mode === 'text' ? [] : [mode]),
      '--project',
      emptyProject(),
      '--client-config',
      file,
    ]);
    expect(r.code).toBe(1);
    const all = r.stdout + r.stderr;
    expect(all).toContain('sk-a…[redacted]');
    for (const value of Object.values(FAKE)) {
      expect(all).not.toContain(value);
      expect(all).not.toContain(value.slice(4));
      expect(all).not.toContain(value.slice(4, 14));
    }
  });

  it('reports missing commands, remote and plain-http servers; localhost is fine', () => {
    const r = auditConfig(join(FIXTURES, 'clients/servers.json'));
    const by = (id: string) =>
      findings(r)
        .filter((f) => f.id === id)
        .map((f) => f.title.match(/"([^"]+)"/)![1])
        .sort();
    expect(by('client-command-missing')).toEqual(['gone', 'gone-path']);
    expect(by('client-remote-url')).toEqual(['plain-http', 'remote-https']);
    expect(by('client-insecure-url')).toEqual(['plain-http']);
    expect(findings(r).find((f) => f.id === 'client-insecure-url')).toMatchObject({
      severity: 'high',
      line: 6,
    });
    expect(r.code).toBe(1);
  });

  it('uses the usage state: unused after N days, recent is fine, no record is "usage unknown" (info)', async () => {
    const state = tempDir();
    const now = Date.now();
    // Written the way servers write it (src/audit/usage.ts), read by the CLI with readUsage().
    const recorder = new UsageRecorder(usageFile(state), 0);
    expect(await recorder.record('local-node', new Date(now - 2 * 86_400_000))).toBe(true);
    expect(await recorder.record('gone', new Date(now - 45 * 86_400_000))).toBe(true);
    const r = auditConfig(join(FIXTURES, 'clients/servers.json'), [], { SECURE_MCP_STATE_DIR: state });
    const all = findings(r);
    const unused = all.filter((f) => f.id === 'client-server-unused');
    expect(unused).toHaveLength(1);
    expect(unused[0]).toMatchObject({ severity: 'low' });
    expect(unused[0].title).toMatch(/"gone" not used for 45 days/);
    const unknown = all.filter((f) => f.id === 'client-usage-unknown').map((f) => f.title);
    expect(unknown).toHaveLength(5);
    expect(unknown.join()).not.toMatch(/"local-node"|"gone"/);
    expect(all.filter((f) => f.id === 'client-usage-unknown').every((f) => f.severity === 'info')).toBe(true);

    const strict = auditConfig(join(FIXTURES, 'clients/servers.json'), ['--unused-days', '1'], {
      SECURE_MCP_STATE_DIR: state,
    });
    expect(findings(strict).filter((f) => f.id === 'client-server-unused')).toHaveLength(2);
  });

  (process.platform === 'linux' ? it : it.skip)(
    "--home reads the usage state of that home's state directory, not $XDG_STATE_HOME's",
    async () => {
      const home = tempDir();
      const recorder = new UsageRecorder(usageFile(join(home, '.local/state/secure-mcp')), 0);
      await recorder.record('gone', new Date(Date.now() - 45 * 86_400_000));
      const r = auditConfig(join(FIXTURES, 'clients/servers.json'), ['--home', home], {
        SECURE_MCP_STATE_DIR: undefined,
        XDG_STATE_HOME: tempDir(),
      });
      expect(
        findings(r)
          .filter((f) => f.id === 'client-server-unused')
          .map((f) => f.title),
      ).toEqual([expect.stringMatching(/"gone" not used for 45 days/)]);
    },
  );

  it('treats an unreadable usage state as "no server seen": usage unknown, never unused', () => {
    const state = tempDir();
    put(join(state, 'usage.json'), '{ "servers": ');
    const r = auditConfig(join(FIXTURES, 'clients/seed-better.json'), [], { SECURE_MCP_STATE_DIR: state });
    expect(findings(r).map((f) => `${f.severity} ${f.id}`)).toEqual([
      'low policy-missing',
      'info client-usage-unknown',
    ]);
    expect(r.code).toBe(0);
  });

  it('reports an unparseable config instead of crashing', () => {
    const r = auditConfig(join(FIXTURES, 'clients/invalid-config.txt'));
    expect(findings(r).map((f) => f.id)).toContain('client-config-invalid');
    expect(r.code).toBe(0);
  });

  it('discovers Claude Desktop (macOS, Windows, Linux), Cursor, VS Code and project configs under --home', () => {
    const home = tempDir();
    const project = emptyProject();
    const bad = 'clients/seed-bad.json';
    materialize(bad, join(home, 'Library/Application Support/Claude/claude_desktop_config.json'));
    materialize(bad, join(home, 'AppData/Roaming/Claude/claude_desktop_config.json'));
    materialize(bad, join(home, '.config/Claude/claude_desktop_config.json'));
    materialize(bad, join(home, '.cursor/mcp.json'));
    materialize(bad, join(home, '.claude.json'));
    materialize(bad, join(home, '.codeium/windsurf/mcp_config.json'));
    materialize('clients/vscode-settings.jsonc.txt', join(home, '.config/Code/User/settings.json'));
    materialize(bad, join(project, '.cursor/mcp.json'));
    put(
      join(project, '.vscode/mcp.json'),
      JSON.stringify({ servers: { v: { command: 'node', env: { GITHUB_TOKEN: FAKE.GITHUB } } } }),
    );
    materialize(bad, join(project, '.mcp.json'));
    const r = runCli(['audit', '--json', '--home', home, '--project', project]);
    const files = findings(r)
      .filter((f) => f.id === 'client-secret')
      .map((f) => f.file!.replace(home, '~'))
      .sort();
    expect(files).toEqual([
      '.cursor/mcp.json',
      '.mcp.json',
      '.vscode/mcp.json',
      '~/.claude.json',
      '~/.codeium/windsurf/mcp_config.json',
      '~/.config/Claude/claude_desktop_config.json',
      '~/.config/Code/User/settings.json',
      '~/.cursor/mcp.json',
      '~/AppData/Roaming/Claude/claude_desktop_config.json',
      '~/Library/Application Support/Claude/claude_desktop_config.json',
    ]);
    expect(findings(r).filter((f) => f.id === 'source-secret')).toEqual([]); // project configs are reported once
    const vscode = findings(r).find((f) => f.file!.endsWith('settings.json'))!;
    expect(vscode.line).toBe(10);
  });
});
