import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processDeps, type CliDeps } from '../../../src/cli/deps';
import { runCli } from '../../../src/cli/program';
import { FAKE } from '../../integration/cli/fake-secrets';

// Issue 18 item 8: Claude Code keeps `claude mcp add` servers per project in ~/.claude.json
// (`projects.<path>.mcpServers`); the audit lists the file as scanned, so it must check those servers too.

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-claude-projects-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface JsonFinding {
  id: string;
  title: string;
  file?: string;
  line?: number;
}

async function audit(args: string[]): Promise<{ code: number; findings: JsonFinding[]; out: string }> {
  const out: string[] = [];
  const project = join(dir, 'project');
  mkdirSync(project, { recursive: true });
  const d: CliDeps = {
    ...processDeps(),
    cwd: dir,
    home: join(dir, 'home'),
    env: { PATH: process.env.PATH, SECURE_MCP_STATE_DIR: join(dir, 'state') },
    out: (l) => out.push(l),
    err: () => undefined,
  };
  const code = await runCli(['audit', '--project', project, ...args], d);
  const text = out.join('\n');
  return {
    code,
    findings: args.includes('--json') ? (JSON.parse(text) as { findings: JsonFinding[] }).findings : [],
    out: text,
  };
}

const HOSTILE_PATH = '/work/evil\u001b[2J\nproject';

function claudeJson(): string {
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const file = join(home, '.claude.json');
  const config = {
    numStartups: 3,
    mcpServers: { fine: { command: 'node', args: ['server.js'] } },
    projects: {
      '/work/app': {
        allowedTools: [],
        mcpServers: {
          github: { command: 'node', args: ['gh.js'], env: { GITHUB_TOKEN: FAKE.GITHUB } },
        },
      },
      [HOSTILE_PATH]: {
        mcpServers: { remote: { type: 'http', url: 'http://mcp.example.com/mcp' } },
      },
      '/work/empty': { mcpServers: {} },
      '/work/none': {},
    },
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

it('audits the servers of every project in ~/.claude.json, naming the project', async () => {
  claudeJson();
  const r = await audit(['--json', '--home', join(dir, 'home')]);
  const secret = r.findings.find((f) => f.id === 'client-secret');
  expect(secret?.title).toMatch(
    /^Claude Code project "\/work\/app": Server "github": .* hard-coded in env\.GITHUB_TOKEN/,
  );
  expect(secret?.file).toBe(join(dir, 'home', '.claude.json'));
  expect(secret?.line).toBe(21); // the GITHUB_TOKEN line inside that project's entry
  expect(r.findings.find((f) => f.id === 'client-insecure-url')?.title).toContain('Server "remote"');
  expect(r.code).toBe(1);
  expect(JSON.stringify(r.findings)).not.toContain(FAKE.GITHUB);
});

it('escapes a project path: no control character reaches the report', async () => {
  claudeJson();
  const r = await audit(['--json', '--home', join(dir, 'home')]);
  const remote = r.findings.find((f) => f.id === 'client-insecure-url')!;
  expect(remote.title.startsWith('Claude Code project "/work/evil\\u001b[2J\\nproject": ')).toBe(true);
  const text = await audit(['--home', join(dir, 'home')]);
  expect(text.out).not.toContain('\u001b');
  expect(text.out).toContain('evil\\u001b[2J\\nproject');
});

it('audits the project servers of a ~/.claude.json named with --client-config', async () => {
  const file = claudeJson();
  const r = await audit(['--json', '--client-config', file]);
  expect(r.findings.filter((f) => f.title.startsWith('Claude Code project "/work/app"'))).not.toEqual([]);
});
