/**
 * Every template, end to end, as a user gets it: `npm pack` of this framework, `create-secure-mcp
 * --framework <tgz> --yes` (which runs `npm install`), then the project's own `npm test`, `npm run build`,
 * `npm run audit`, and the built server spawned over stdio and called through the SDK's Client.
 *
 * Needs `npm run build` first (the root `npm test` and `npm run test:e2e` do it) and the npm registry or a
 * warm npm cache. Templates run one after the other.
 *
 * All templates have the same dependencies, and an install is mostly disk work (30-60 s even from a warm
 * cache). So the first template is installed by the CLI as a user would, and the others start from a
 * hard-linked copy of its node_modules before their own `npm install` (which then only checks and adds
 * what differs). SECURE_MCP_E2E_FULL_INSTALL=1 installs every template from scratch, for timings.
 *
 * MCP SDK lines: by default every template runs on the default line (2.x, `--sdk` not given, as most users
 * will), and the minimal one on 1.x too (`--sdk 1`), which bounds the run. SECURE_MCP_E2E_SDK_LINES=all runs
 * every template on both lines (about 6 min here, against 5), `=1` every template on 1.x only (CI's line-1
 * pass, .ci/sdk-lines.sh).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { childEnv, CLI, existsSync, expectOk, projectFiles, read, REPO, run } from './helpers';

// Given to the http-api server as its token: it must show up in no file the project writes.
const TOKEN_CANARY = 'e2e-canary-token-5bd1c0ffee';

interface Case {
  template: string;
  /** The MCP SDK line asked for: `default` passes no `--sdk` (and must get 2.x). */
  sdk: 'default' | '1';
  /** A call that must succeed through the built server, or one that must be refused before any I/O. */
  call: { name: string; arguments: Record<string, unknown>; isError: boolean; text: RegExp };
  tools: string[];
  env?: Record<string, string>;
}

const TEMPLATE_CASES: Array<Omit<Case, 'sdk'>> = [
  {
    template: 'minimal',
    tools: ['hash_text'],
    call: { name: 'hash_text', arguments: { text: 'abc' }, isError: false, text: /"digest":"ba7816bf/ },
  },
  {
    template: 'filesystem',
    tools: ['list_files', 'read_file', 'write_file'],
    call: { name: 'read_file', arguments: { path: 'welcome.txt' }, isError: false, text: /default root/ },
  },
  {
    template: 'http-api',
    tools: ['get_repository', 'list_open_issues'],
    // No request may leave this machine in a test: the owner is invalid, so validation refuses the call.
    call: {
      name: 'get_repository',
      arguments: { owner: '../orgs', repo: 'x' },
      isError: true,
      text: /owner/,
    },
    env: { GITHUB_TOKEN: TOKEN_CANARY },
  },
  {
    template: 'aws',
    tools: ['dynamodb_get_item', 's3_get_object', 's3_list_objects'],
    call: { name: 'dynamodb_get_item', arguments: { id: 'x OR 1=1' }, isError: true, text: /\bid\b/ },
  },
];

const LINES = process.env.SECURE_MCP_E2E_SDK_LINES || undefined;
if (LINES !== undefined && !['all', '1'].includes(LINES)) {
  throw new Error(`SECURE_MCP_E2E_SDK_LINES must be all or 1, not ${LINES}`);
}
const CASES: Case[] = [
  ...TEMPLATE_CASES.filter(() => LINES !== '1').map((c) => ({ ...c, sdk: 'default' as const })),
  ...TEMPLATE_CASES.filter((c) => LINES !== undefined || c.template === 'minimal').map((c) => ({
    ...c,
    sdk: '1' as const,
  })),
];

/** What each line's package.json must list, and nothing else from @modelcontextprotocol (the CLI's table). */
const LINE_PACKAGES = {
  '2': { dependencies: ['@modelcontextprotocol/server'], devDependencies: ['@modelcontextprotocol/client'] },
  '1': { dependencies: ['@modelcontextprotocol/sdk'], devDependencies: [] as string[] },
};
const sdkPackages = (deps: Record<string, string> = {}) =>
  Object.keys(deps).filter((name) => name.startsWith('@modelcontextprotocol/'));

const FULL_INSTALL = process.env.SECURE_MCP_E2E_FULL_INSTALL === '1';
const timings: Array<Record<string, string | number | boolean>> = [];
let work: string;
let tgz: string;
/** A project whose install succeeded: its node_modules seed the next templates. */
let seed: string | undefined;

beforeAll(() => {
  if (!existsSync(path.join(REPO, 'dist', 'index.js')) || !existsSync(path.join(REPO, 'dist', 'testing'))) {
    throw new Error('dist/ is missing: run `npm run build` first (or `npm run test:e2e`)');
  }
  work = mkdtempSync(path.join(tmpdir(), 'secure-mcp-templates-'));
  mkdirSync(path.join(work, 'home'));
  // Built explicitly above, so no lifecycle script of ours needs to run while packing.
  const packed = expectOk(
    run(
      'npm',
      ['pack', '--ignore-scripts', '--pack-destination', work],
      REPO,
      childEnv(path.join(work, 'home')),
    ),
    'npm pack',
  );
  tgz = path.join(work, packed.stdout.trim().split('\n').pop()!);
  expect(readdirSync(work)).toContain(path.basename(tgz));
}, 120_000);

afterAll(() => {
  if (timings.length) {
    console.log(`create → passing npm test, per template (ms):\n${JSON.stringify(timings, null, 2)}`);
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(CASES)(
  'template $template, MCP SDK line $sdk',
  ({ template, sdk, call, tools, env: serverEnv }) => {
    const line = sdk === 'default' ? '2' : sdk;
    let dir: string;
    let env: NodeJS.ProcessEnv;

    beforeAll(() => {
      dir = path.join(work, `${template}-sdk${line}-app`);
      env = childEnv(path.join(work, 'home'));
    });

    it('generates, installs and passes its own tests', () => {
      const seeded = !FULL_INSTALL && seed !== undefined;
      const args = [CLI, dir, '--template', template, '--framework', tgz, '--yes', '--no-git'];
      if (sdk !== 'default') args.push('--sdk', sdk);
      let createAndInstall: number;
      if (seeded) {
        const create = expectOk(run('node', [...args, '--no-install'], work, env), `create ${template}`);
        const copy = expectOk(run('cp', ['-al', path.join(seed!, 'node_modules'), dir], work, env), 'cp -al');
        const install = expectOk(run('npm', ['install'], dir, env), `npm install in ${template}`);
        createAndInstall = create.ms + copy.ms + install.ms;
      } else {
        createAndInstall = expectOk(run('node', args, work, env), `create ${template}`).ms;
      }
      expect(existsSync(path.join(dir, 'node_modules', 'secure-mcp', 'dist', 'index.js'))).toBe(true);
      // The chosen line's packages only (secure-mcp may still bring 1.x itself: not this test's concern).
      const pkg = JSON.parse(read(dir, 'package.json'));
      expect({
        dependencies: sdkPackages(pkg.dependencies),
        devDependencies: sdkPackages(pkg.devDependencies),
      }).toEqual(LINE_PACKAGES[line]);
      expect(read(dir, 'src/server.ts')).toContain(`sdk: '${line}',`);
      for (const name of [...LINE_PACKAGES[line].dependencies, ...LINE_PACKAGES[line].devDependencies]) {
        expect({ name, installed: existsSync(path.join(dir, 'node_modules', name, 'package.json')) }).toEqual(
          {
            name,
            installed: true,
          },
        );
      }
      if (line === '1') {
        // Nor is 2.x left over from the seed: the project's own tests pick the newest installed line.
        expect(existsSync(path.join(dir, 'node_modules', '@modelcontextprotocol', 'server'))).toBe(false);
      }
      seed ??= dir;
      const test = expectOk(run('npm', ['test'], dir, env), `npm test in ${template}`);
      timings.push({
        template,
        sdk: line,
        seeded,
        createAndInstall,
        npmTest: test.ms,
        createToPassingTest: createAndInstall + test.ms,
      });
    }, 300_000);

    it('builds, and passes its own secure-mcp audit', () => {
      expectOk(run('npm', ['run', 'build'], dir, env), `npm run build in ${template}`);
      expect(existsSync(path.join(dir, 'dist', 'server.js'))).toBe(true);
      expectOk(run('npm', ['run', 'audit'], dir, env), `npm run audit in ${template}`);
    }, 120_000);

    it('serves over stdio: the SDK Client lists and calls its tools', async () => {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [path.join(dir, 'dist', 'server.js')],
        // From another folder on purpose: clients such as Claude Desktop start servers from anywhere.
        cwd: work,
        env: { PATH: process.env.PATH ?? '', HOME: env.HOME!, ...serverEnv },
        stderr: 'pipe',
      });
      let stderr = '';
      transport.stderr?.on('data', (chunk) => (stderr += chunk));
      const client = new Client({ name: 'e2e', version: '0.0.0' });
      try {
        await client.connect(transport);
        const listed = (await client.listTools()).tools.map((t) => t.name).sort();
        expect(listed).toEqual(tools);
        const result = await client.callTool({ name: call.name, arguments: call.arguments });
        const text = (result.content as Array<{ text?: string }>)[0]?.text ?? '';
        expect({ isError: result.isError === true, text }).toEqual({
          isError: call.isError,
          text: expect.stringMatching(call.text),
        });
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- server stderr\n${stderr}`);
      } finally {
        await client.close();
      }
      // Every call leaves an audit record, written next to the project, not in the working directory.
      expect(existsSync(path.join(dir, 'logs', 'audit.jsonl'))).toBe(true);
      expect(read(dir, 'logs/audit.jsonl')).toContain(call.name);
    }, 60_000);

    if (template === 'aws') {
      it('prints the least-privilege IAM policy of its tools', () => {
        const out = expectOk(run('npm', ['run', '--silent', 'iam-policy'], dir, env), 'npm run iam-policy');
        const policy = JSON.parse(out.stdout);
        const granted = policy.Statement.flatMap((s: { Action: string[]; Resource: string[] }) =>
          s.Action.map((a) => `${a} ${s.Resource.join(',')}`),
        ).sort();
        expect(granted).toEqual([
          'dynamodb:GetItem arn:aws:dynamodb:us-east-1:123456789012:table/Users',
          's3:GetObject arn:aws:s3:::my-app-data/*',
          's3:ListBucket arn:aws:s3:::my-app-data',
        ]);
      }, 60_000);
    }

    it('wrote no secret value into any file', () => {
      for (const file of projectFiles(dir)) {
        expect({ file, leaked: read(dir, file).includes(TOKEN_CANARY) }).toEqual({ file, leaked: false });
      }
    });
  },
);
