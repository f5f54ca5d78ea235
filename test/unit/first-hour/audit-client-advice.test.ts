import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processDeps, type CliDeps } from '../../../src/cli/deps';
import { runCli } from '../../../src/cli/program';
import { FAKE } from '../../integration/cli/fake-secrets';

// Issue 17 items 2 and 6: per-client placeholder advice and client-config checks of `secure-mcp audit`.

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-client-advice-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface JsonFinding {
  id: string;
  severity: string;
  title: string;
  fix: string;
}

async function audit(
  file: string,
  config: object,
  json = true,
): Promise<{ findings: JsonFinding[]; out: string }> {
  const path = join(dir, file);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, JSON.stringify(config, null, 2));
  writeFileSync(join(dir, 'server.js'), '');
  const out: string[] = [];
  const d: CliDeps = {
    ...processDeps(),
    cwd: dir,
    home: join(dir, 'home'),
    env: { PATH: process.env.PATH, SECURE_MCP_STATE_DIR: join(dir, 'state') },
    out: (l) => out.push(l),
    err: () => undefined,
  };
  await runCli(['audit', '--client-config', path, ...(json ? ['--json'] : [])], d);
  const text = out.join('\n');
  return { findings: json ? (JSON.parse(text) as { findings: JsonFinding[] }).findings : [], out: text };
}

// An absolute script path that exists (the stale-path check must stay quiet about it).
const entry = (env: Record<string, string>) => ({ command: 'node', args: [join(dir, 'server.js')], env });

describe('placeholders the client does not expand', () => {
  it('Claude Desktop: ${API_KEY} is flagged with Claude Desktop advice', async () => {
    const { findings } = await audit('claude_desktop_config.json', {
      mcpServers: { docs: entry({ API_KEY: '${API_KEY}' }) },
    });
    const f = findings.find((x) => x.id === 'client-placeholder');
    expect(f?.title).toMatch(/env\.API_KEY is \$\{API_KEY\}, which Claude Desktop passes literally/);
    expect(f?.fix).toMatch(/Claude Desktop does not expand placeholders.*secrets set API_KEY/);
  });

  it('Cursor: ${API_KEY} is flagged with the ${env:API_KEY} fix; ${env:API_KEY} is not', async () => {
    const { findings } = await audit('.cursor/mcp.json', {
      mcpServers: {
        wrong: entry({ API_KEY: '${API_KEY}' }),
        right: entry({ API_KEY: '${env:API_KEY}', ROOT: '${workspaceFolder}' }),
      },
    });
    const flagged = findings.filter((x) => x.id === 'client-placeholder');
    expect(flagged).toHaveLength(1);
    expect(flagged[0].title).toMatch(/Server "wrong"/);
    expect(flagged[0].fix).toContain('"${env:API_KEY}"');
  });

  it('VS Code: ${API_KEY} is flagged; ${input:api_key} and ${env:API_KEY} are not', async () => {
    const { findings } = await audit('.vscode/mcp.json', {
      servers: {
        wrong: entry({ API_KEY: '${API_KEY}' }),
        right: entry({ API_KEY: '${input:api_key}', OTHER: '${env:OTHER}' }),
      },
    });
    const flagged = findings.filter((x) => x.id === 'client-placeholder');
    expect(flagged.map((f) => f.title)).toEqual([expect.stringMatching(/Server "wrong"/)]);
    expect(flagged[0].fix).toContain('${input:api_key}');
  });

  it('Claude Code (.mcp.json): ${API_KEY} is fine, ${env:API_KEY} is the wrong syntax', async () => {
    const { findings } = await audit('.mcp.json', {
      mcpServers: { right: entry({ API_KEY: '${API_KEY}' }), wrong: entry({ API_KEY: '${env:API_KEY}' }) },
    });
    const flagged = findings.filter((x) => x.id === 'client-placeholder');
    expect(flagged.map((f) => f.title)).toEqual([expect.stringMatching(/Server "wrong"/)]);
    expect(flagged[0].fix).toMatch(/Claude Code \(\.mcp\.json\) expands "\$\{API_KEY\}"/);
  });

  it('stays linear: 20,000 servers that all have a placeholder', async () => {
    const servers: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) servers[`s${i}`] = entry({ API_KEY: '${API_KEY}' });
    const t0 = Date.now();
    const { findings } = await audit('claude_desktop_config.json', { mcpServers: servers });
    const flagged = findings.filter((f) => f.id === 'client-placeholder');
    expect(flagged).toHaveLength(20_000);
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 60_000);

  it('the default part of ${VAR:-default} is never shown', async () => {
    const { out } = await audit(
      'claude_desktop_config.json',
      { mcpServers: { docs: entry({ API_KEY: '${API_KEY:-canary-default-not-a-secret}' }) } },
      false,
    );
    expect(out).toContain('client-placeholder');
    expect(out).not.toContain('canary-default-not-a-secret');
  });

  it('a hard-coded secret gets the fix for its client, not "${NAME}" everywhere', async () => {
    const { findings } = await audit('claude_desktop_config.json', {
      mcpServers: { gh: entry({ GITHUB_TOKEN: FAKE.GITHUB }) },
    });
    const f = findings.find((x) => x.id === 'client-secret')!;
    expect(f.fix).toMatch(/rotate/);
    expect(f.fix).toMatch(/Claude Desktop does not expand placeholders/);
    expect(f.fix).not.toContain('"${GITHUB_TOKEN}"');
  });
});

describe('client-config checks', () => {
  it('reports a stale script path (node /opt/nowhere/server.js)', async () => {
    const { findings } = await audit('claude_desktop_config.json', {
      mcpServers: { stale: { command: 'node', args: ['/opt/nowhere/server.js'] }, ok: entry({}) },
    });
    const stale = findings.filter((x) => x.id === 'client-script-missing');
    expect(stale.map((f) => f.title)).toEqual([
      'Server "stale": the script it runs (server.js) does not exist',
    ]);
  });

  it('prints an identical fix once, naming every finding it applies to', async () => {
    const { out } = await audit(
      'claude_desktop_config.json',
      { mcpServers: { a: entry({}), b: entry({}), c: entry({}) } },
      false,
    );
    const fixes = out
      .split('\n')
      .filter((l) => l.includes('Servers built with secure-mcp record their last call'));
    expect(fixes).toEqual([expect.stringMatching(/^ {2}\d+, \d+, \d+\. /)]);
  });

  it('cuts long titles at a word boundary', async () => {
    const name = 'a-server-with-a-rather-long-name ' + 'word '.repeat(30);
    const { out } = await audit(
      'claude_desktop_config.json',
      { mcpServers: { [name.trim()]: entry({}) } },
      false,
    );
    const row = out.split('\n').find((l) => l.includes('client-usage-unknown'))!;
    expect(row).toMatch(/ word…$/);
  });
});
