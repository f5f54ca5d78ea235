/**
 * create-secure-mcp without installing anything: flags, name rules, folder safety, prompts and what the
 * generated files contain. The slow part (install, test, build, serve) is in templates.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childEnv, CLI, existsSync, projectFiles, read, run, runInTerminal } from './helpers';

const TEMPLATES = ['minimal', 'filesystem', 'http-api', 'aws'];
const FRAMEWORK = '0.1.0';

let work: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'create-secure-mcp-'));
  mkdirSync(path.join(work, 'home'));
  env = childEnv(path.join(work, 'home'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const create = (args: string[], input = '') => run('node', [CLI, ...args], work, env, input);

/** The MCP SDK packages a generated package.json lists, in any dependency field. */
const sdkPackages = (dir: string): string[] => {
  const pkg = JSON.parse(read(dir, 'package.json'));
  return Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies })
    .filter((name) => name.startsWith('@modelcontextprotocol/'))
    .sort();
};
const quick = ['--yes', '--no-install', '--no-git', '--framework', FRAMEWORK];

describe('flags', () => {
  it('prints usage with --help', () => {
    const r = create(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--template <name>\s+minimal \| filesystem \| http-api \| aws/);
  });

  it.each([
    [
      '2',
      ['@modelcontextprotocol/client', '@modelcontextprotocol/server'],
      ['dependencies', 'devDependencies'],
    ],
    ['1', ['@modelcontextprotocol/sdk'], ['dependencies']],
  ])('--sdk %s lists that SDK line only, pins it and says how to switch', (line, packages, fields) => {
    const r = create(['app', ...quick, '--sdk', line]);
    expect(r.status).toBe(0);
    const dir = path.join(work, 'app');
    expect(sdkPackages(dir)).toEqual(packages);
    // The server itself is in dependencies; the tests' client only in devDependencies.
    const pkg = JSON.parse(read(dir, 'package.json'));
    expect(
      fields.filter((f) => Object.keys(pkg[f]).some((n) => n.startsWith('@modelcontextprotocol/'))),
    ).toEqual(fields);
    expect(read(dir, 'src/server.ts')).toContain(`sdk: '${line}',`);
    const other = line === '2' ? '1' : '2';
    expect(read(dir, 'README.md')).toMatch(
      new RegExp(`## MCP SDK line[\\s\\S]*${line}\\.x[\\s\\S]*\`sdk: '${other}'\``),
    );
  });

  it('defaults to the newer SDK line without --sdk', () => {
    expect(create(['app', ...quick]).status).toBe(0);
    expect(sdkPackages(path.join(work, 'app'))).toEqual([
      '@modelcontextprotocol/client',
      '@modelcontextprotocol/server',
    ]);
  });

  it.each([
    ['an unknown SDK line', ['app', '--sdk', '3']],
    ['an unknown option', ['app', '--no-instal']],
    ['an unknown template', ['app', '--template', 'django']],
    ['an unknown package manager', ['app', '--package-manager', 'bun']],
    ['two directories', ['a', 'b']],
  ])('refuses %s with exit code 2 and writes nothing', (_case, args) => {
    const r = create([...args, ...quick]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/create-secure-mcp: /);
    expect(projectFiles(work)).toEqual([]);
  });

  it.each([
    ['1.2.3', '1.2.3'],
    ['secure-mcp@^0.3.0', '^0.3.0'],
    ['npm:@acme/secure-mcp@2.0.0', 'npm:@acme/secure-mcp@2.0.0'],
  ])('--framework %s becomes the dependency %s', (spec, expected) => {
    expect(create(['app', ...quick, '--framework', spec]).status).toBe(0);
    expect(JSON.parse(read(path.join(work, 'app'), 'package.json')).dependencies['secure-mcp']).toBe(
      expected,
    );
  });

  it('--framework with a .tgz copies it into the project (no machine path); a folder warns', () => {
    writeFileSync(path.join(work, 'secure-mcp-0.1.0.tgz'), 'tarball bytes');
    const r = create(['app', ...quick, '--framework', './secure-mcp-0.1.0.tgz']);
    expect(r.status).toBe(0);
    expect(JSON.parse(read(path.join(work, 'app'), 'package.json')).dependencies['secure-mcp']).toBe(
      'file:vendor/secure-mcp-0.1.0.tgz',
    );
    expect(read(path.join(work, 'app'), 'vendor/secure-mcp-0.1.0.tgz')).toBe('tarball bytes');
    mkdirSync(path.join(work, 'framework-folder'));
    const folder = create(['folder-app', ...quick, '--framework', './framework-folder']);
    expect(folder.status).toBe(0);
    expect(JSON.parse(read(path.join(work, 'folder-app'), 'package.json')).dependencies['secure-mcp']).toBe(
      `file:${path.join(work, 'framework-folder')}`,
    );
    expect(folder.stdout + folder.stderr).toMatch(
      /is a folder: package\.json depends on it by this machine's path/,
    );
    const missing = create(['other', ...quick, '--framework', './nope.tgz']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/--framework \.\/nope\.tgz: no such file or folder/);
  });
});

describe('package names', () => {
  it.each([
    ['capitals and spaces', 'My Server'],
    ['a reserved name', 'node_modules'],
    ['a leading dot', '.hidden'],
    ['more than 214 characters', 'x'.repeat(215)],
  ])('refuses %s', (_case, name) => {
    const r = create(['app', ...quick, '--name', name]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/invalid package name/);
    expect(existsSync(path.join(work, 'app'))).toBe(false);
  });

  it('derives a valid name from the folder name', () => {
    expect(create(['My Server', ...quick]).status).toBe(0);
    expect(JSON.parse(read(path.join(work, 'My Server'), 'package.json')).name).toBe('my-server');
  });

  it('takes a scoped name; the server (and keychain service) use the unscoped part', () => {
    const r = create(['tools', ...quick, '--name', '@acme/tools']);
    expect(r.status).toBe(0);
    const dir = path.join(work, 'tools');
    expect(JSON.parse(read(dir, 'package.json')).name).toBe('@acme/tools');
    expect(read(dir, 'src/server.ts')).toContain("name: 'tools'");
  });
});

describe('existing folders', () => {
  it('refuses a non-empty folder without --force and leaves it alone', () => {
    const dir = path.join(work, 'app');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '.env'), 'API_KEY=keep-me\n');
    const r = create(['app', ...quick]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not empty .*--force/);
    expect(projectFiles(dir)).toEqual(['.env']);
  });

  it('with --force, lists every file it replaces and keeps the others', () => {
    const dir = path.join(work, 'app');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'README.md'), 'my notes\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'keep me\n');
    const r = create(['app', ...quick, '--force']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/will be replaced:\n\s+README\.md\n/);
    expect(r.stdout).toMatch(/1 replaced/);
    expect(read(dir, 'notes.txt')).toBe('keep me\n');
    expect(read(dir, 'README.md')).not.toBe('my notes\n');

    // A second run over an identical project replaces nothing, so it says nothing about replacing.
    const again = create(['app', ...quick, '--force']);
    expect(again.status).toBe(0);
    expect(again.stderr).not.toMatch(/replaced/);
  });

  it('refuses a path that is a file', () => {
    writeFileSync(path.join(work, 'app'), '');
    const r = create(['app', ...quick]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/exists and is not a directory/);
  });
});

describe('prompts', () => {
  it('never prompts when stdin is not a terminal, even without --yes', () => {
    const r = create(['--no-install', '--no-git', '--framework', FRAMEWORK]);
    expect(r.status).toBe(0);
    expect(read(path.join(work, 'my-mcp-server'), 'src/server.ts')).toContain('HashTextTool');
  });

  it('asks for the folder, the template and the SDK line in a terminal', async () => {
    const { code, screen } = await runInTerminal(
      ['--no-install', '--no-git', '--framework', FRAMEWORK],
      work,
      env,
      [
        { when: /Where should the project go\?/, send: 'prompted-server\r' },
        // The second option is filesystem.
        { when: /Which template\?/, send: '\x1b[B\r' },
        // The second option is the older line, 1.x.
        { when: /Which MCP SDK line\?[\s\S]*2\.x \(recommended\)/, send: '\x1b[B\r' },
      ],
    );
    expect({ code, screen }).toMatchObject({ code: 0 });
    expect(screen).toMatch(/Created prompted-server \(filesystem, MCP SDK 1\.x\)/);
    const dir = path.join(work, 'prompted-server');
    expect(existsSync(path.join(dir, 'src', 'tools', 'write-file.ts'))).toBe(true);
    expect(sdkPackages(dir)).toEqual(['@modelcontextprotocol/sdk']);
    expect(read(dir, 'src/server.ts')).toContain("sdk: '1',");
  });

  it('offers the newer SDK line first: Enter takes 2.x', async () => {
    const { code } = await runInTerminal(
      ['app', '--template', 'minimal', '--no-install', '--no-git', '--framework', FRAMEWORK],
      work,
      env,
      [{ when: /Which MCP SDK line\?/, send: '\r' }],
    );
    expect(code).toBe(0);
    expect(sdkPackages(path.join(work, 'app'))).toEqual([
      '@modelcontextprotocol/client',
      '@modelcontextprotocol/server',
    ]);
  });

  it('asks for a package name when the folder name cannot be one, and whether to install', async () => {
    const { code, screen } = await runInTerminal(
      ['日本', '--template', 'minimal', '--sdk', '2', '--no-git', '--framework', FRAMEWORK],
      work,
      env,
      [
        { when: /Package name/, send: 'Bad Name\r' },
        // npm's rule is shown under the prompt; clear the line (Ctrl-U) and type a valid name.
        { when: /can only contain URL-friendly characters/, send: '\x15jp-server\r' },
        // Right arrow selects "No".
        { when: /Install dependencies with npm\?/, send: '\x1b[C\r' },
      ],
    );
    expect({ code, screen }).toMatchObject({ code: 0 });
    const dir = path.join(work, '日本');
    expect(JSON.parse(read(dir, 'package.json')).name).toBe('jp-server');
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });

  it('asks before replacing files in a terminal, and keeps them when told no', async () => {
    const dir = path.join(work, 'app');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'README.md'), 'my notes\n');
    const { code, screen } = await runInTerminal(
      [
        'app',
        '--template',
        'minimal',
        '--sdk',
        '2',
        '--force',
        '--no-install',
        '--no-git',
        '--framework',
        FRAMEWORK,
      ],
      work,
      env,
      [{ when: /Replace them\?/, send: '\r' }], // default answer: No
    );
    expect(screen).toMatch(/README\.md/);
    expect(code).toBe(130);
    expect(projectFiles(dir)).toEqual(['README.md']);
  });

  it('stops on Ctrl-C without writing anything', async () => {
    const { code } = await runInTerminal(['--no-install', '--no-git', '--framework', FRAMEWORK], work, env, [
      { when: /Where should the project go\?/, send: '\x03' },
    ]);
    expect(code).toBe(130);
    expect(projectFiles(work).filter((f) => !f.startsWith('home'))).toEqual([]);
  });
});

describe.each(TEMPLATES)('the %s template', (template) => {
  let dir: string;
  let stdout: string;

  beforeEach(() => {
    dir = path.join(work, `${template}-server`);
    const r = create([path.basename(dir), '--template', template, ...quick]);
    expect(r.status).toBe(0);
    stdout = r.stdout;
  });

  it('has every file a secure project needs', () => {
    const files = projectFiles(dir);
    for (const file of [
      '.env.example',
      '.github/workflows/ci.yml',
      '.gitignore',
      'README.md',
      'jest.config.js',
      'package.json',
      'secure-mcp.config.json',
      'src/server.ts',
      'tsconfig.json',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /^src\/tools\/.+\.ts$/.test(f)).length).toBeGreaterThan(0);
    expect(files.filter((f) => /^test\/.+\.test\.ts$/.test(f)).length).toBeGreaterThan(0);
    expect(files).not.toContain('.env');
    expect(files.filter((f) => f.endsWith('.tmpl') || f === 'template.json' || f === 'gitignore')).toEqual(
      [],
    );
  });

  it('has the scripts, ignores and policy the issue asks for', () => {
    const pkg = JSON.parse(read(dir, 'package.json'));
    expect(pkg.name).toBe(`${template}-server`);
    expect(pkg.private).toBe(true);
    expect(pkg.scripts).toMatchObject({
      build: expect.any(String),
      start: 'node dist/server.js',
      dev: expect.any(String),
      test: expect.stringContaining('jest'),
      audit: 'secure-mcp audit --fail-on high',
      inspect: 'npx @modelcontextprotocol/inspector node dist/server.js',
    });
    const ignored = read(dir, '.gitignore').split('\n');
    for (const entry of ['.env', 'logs/', 'dist/', 'node_modules/']) expect(ignored).toContain(entry);
    expect(JSON.parse(read(dir, 'secure-mcp.config.json'))).toMatchObject({
      requireRateLimit: true,
      requireAudit: true,
      maxSecretAgeDays: 90,
      network: { allow: expect.any(Array) },
    });
    expect(read(dir, '.github/workflows/ci.yml')).toMatch(/npm ci[\s\S]*npm test[\s\S]*npm run audit/);
  });

  it('leaves no placeholder and no secret value in any file', () => {
    for (const file of projectFiles(dir)) {
      const text = read(dir, file);
      expect({ file, placeholders: text.match(/__[A-Z][A-Z0-9_]*__/g) }).toEqual({
        file,
        placeholders: null,
      });
      // Real key formats: OpenAI-style, GitHub, AWS access key ids, Slack, private keys.
      expect({
        file,
        secret: text.match(
          /sk-[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_|AKIA[0-9A-Z]{16}|xox[abp]-|-----BEGIN [A-Z ]*PRIVATE KEY/g,
        ),
      }).toEqual({ file, secret: null });
    }
    // .env.example: names only.
    for (const line of read(dir, '.env.example').split('\n')) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      expect(line).toMatch(/^[A-Z][A-Z0-9_]*=$/);
    }
  });

  it('prints next steps with a Claude Desktop config that names variables only', () => {
    expect(stdout).toMatch(/Next steps:[\s\S]*npm install[\s\S]*npm run test/);
    const json = stdout.slice(
      stdout.indexOf('{', stdout.indexOf('Claude Desktop (claude_desktop_config.json)')),
    );
    const config = JSON.parse(json.slice(0, json.lastIndexOf('}') + 1));
    const server = config.mcpServers[`${template}-server`];
    expect(server.args).toEqual([path.join(dir, 'dist', 'server.js')]);
    for (const value of Object.values(server.env ?? {})) expect(value).toMatch(/^\$\{[A-Z][A-Z0-9_]*\}$/);
    // And the README says the same.
    expect(read(dir, 'README.md')).not.toMatch(
      /"env":\s*{[^}]*"[A-Z_]*(TOKEN|KEY|SECRET)[A-Z_]*":\s*"(?!\$\{)/,
    );
  });
});

it('initialises git with one commit unless --no-git', () => {
  const r = create(['app', '--yes', '--no-install', '--framework', FRAMEWORK]);
  expect(r.status).toBe(0);
  const log = run('git', ['log', '--oneline'], path.join(work, 'app'), env);
  expect(log.stdout).toMatch(/Initial commit from create-secure-mcp/);
  const tracked = run('git', ['ls-files'], path.join(work, 'app'), env).stdout.split('\n');
  expect(tracked).toContain('.gitignore');
  expect(tracked).toContain('.env.example');
  expect(readFileSync(path.join(work, 'app', '.gitignore'), 'utf8')).toContain('.env');
});

it('packs the templates into the create-secure-mcp package and cleans up after', () => {
  const createApp = path.dirname(CLI);
  const r = run('npm', ['pack', '--dry-run', '--json'], createApp, env);
  expect(r.status).toBe(0);
  const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
  for (const template of TEMPLATES) expect(files).toContain(`templates/${template}/package.json.tmpl`);
  expect(files).toEqual(
    expect.arrayContaining([
      'index.mjs',
      'templates/_shared/gitignore',
      'templates/_shared/.github/workflows/ci.yml',
    ]),
  );
  expect(files.filter((f) => /node_modules|package-lock|(^|\/)\.env$/.test(f))).toEqual([]);
  expect(existsSync(path.join(createApp, 'templates'))).toBe(false);
});
