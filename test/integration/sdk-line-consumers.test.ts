import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(__dirname, '../fixtures/consumers/sdk-line');
const CLI = join('node_modules', 'secure-mcp', 'dist', 'cli', 'main.js');

/** The version installed here, so that npm finds every package in its cache (no network). */
const installed = (name: string) =>
  `${name}@${(JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`;

/** Every `@modelcontextprotocol/<name>` package anywhere in a project's node_modules (nested ones too). */
function mcpPackages(dir: string): string[] {
  const found = new Set<string>();
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('@')) {
        for (const name of readdirSync(join(modules, entry))) {
          if (entry === '@modelcontextprotocol') found.add(`${entry}/${name}`);
          walk(join(modules, entry, name, 'node_modules'));
        }
      } else walk(join(modules, entry, 'node_modules'));
    }
  };
  walk(join(dir, 'node_modules'));
  return [...found].sort();
}

/**
 * The packed package (`npm pack`, what the registry would serve) installed by npm, from its cache, into a
 * project with one MCP SDK line only, as a user would; then the tool is called in memory (secure-mcp/testing),
 * over stdio, over Streamable HTTP and through `secure-mcp call`, with that line's own client. Needs `npm run build`.
 */
describe('a project with one MCP SDK line installed', () => {
  const base = mkdtempSync(join(tmpdir(), 'sdk-line-consumer-'));
  const project = (name: string) => join(base, name);

  async function install(name: string, packages: string[]): Promise<void> {
    const dir = project(name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
    const tarball = join(base, 'secure-mcp-0.1.0.tgz');
    await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...packages],
      { cwd: dir, timeout: 150_000 },
    );
    for (const file of readdirSync(FIXTURES)) cpSync(join(FIXTURES, file), join(dir, file));
  }

  beforeAll(async () => {
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', base], {
      cwd: ROOT,
      timeout: 60_000,
    });
    const common = [installed('reflect-metadata'), installed('class-validator')];
    await Promise.all([
      install('line-2', [
        ...common,
        installed('@modelcontextprotocol/server'),
        installed('@modelcontextprotocol/node'),
        installed('@modelcontextprotocol/client'),
      ]),
      install('line-1', [...common, installed('@modelcontextprotocol/sdk')]),
    ]);
    // Derived from the 2.x project: no SDK at all, and the server package alone.
    cpSync(project('line-2'), project('none'), { recursive: true });
    rmSync(join(project('none'), 'node_modules', '@modelcontextprotocol'), { recursive: true });
    cpSync(project('line-2'), project('server-only'), { recursive: true });
    for (const pkg of ['client', 'node']) {
      rmSync(join(project('server-only'), 'node_modules', '@modelcontextprotocol', pkg), { recursive: true });
    }
  }, 240_000);

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const node = (name: string, args: string[]) =>
    run(process.execPath, args, {
      cwd: project(name),
      timeout: 60_000,
      env: { ...process.env, SECURE_MCP_SDK_LINE: '' },
    });

  it.each([
    ['2', 'line-2', ['client', 'core', 'node', 'server']],
    ['1', 'line-1', ['sdk']],
  ])(
    'line %s: installs without the other line and calls a tool in memory, over stdio and over HTTP',
    async (line, name, packages) => {
      const expected = packages.map((p) => `@modelcontextprotocol/${p}`);
      expect(mcpPackages(project(name))).toEqual(expected); // nothing of the other line, even nested
      const { stdout } = await node(name, ['check.cjs', line]);
      expect(JSON.parse(stdout)).toEqual({
        sdk: line,
        inMemory: 'hello Ada',
        refused: true,
        stdio: 'hello Ada',
        httpLoadedBeforeListen: false,
        http: 'hello Ada',
        loaded: expected,
      });
    },
    60_000,
  );

  it.each([['line-2'], ['line-1']])(
    '%s: `secure-mcp call` calls the built server with the line’s client',
    async (name) => {
      const { stdout } = await node(name, [
        CLI,
        'call',
        'hello',
        '--args',
        '{"name":"Ada"}',
        '--entry',
        'server.cjs',
      ]);
      expect(stdout.trim()).toBe('hello Ada');
    },
    60_000,
  );

  it('.d.ts: a TypeScript consumer compiles against the package with only the 2.x line (skipLibCheck off)', async () => {
    const types = join(project('line-2'), 'node_modules', '@types');
    mkdirSync(types, { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(types, 'node'), 'dir');
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await expect(node('line-2', [tsc, '-p', '.'])).resolves.toMatchObject({ stdout: '' });
  }, 120_000);

  it('no SDK: secure-mcp/testing and `secure-mcp call` stop with the start-up error naming both lines', async () => {
    const both = /@modelcontextprotocol\/server .*@modelcontextprotocol\/sdk/;
    const { stdout } = await node('none', ['no-sdk.cjs']);
    const error = JSON.parse(stdout) as { name: string; message: string };
    expect(error.name).toBe('StartupError');
    expect(error.message).toMatch(both);
    const call = await node('none', [CLI, 'call', 'hello', '--entry', 'server.cjs']).catch((e: unknown) => e);
    expect(call).toMatchObject({ code: 2, stdout: '' });
    const stderr = (call as { stderr: string }).stderr;
    expect(stderr).toMatch(both);
    expect(stderr).not.toMatch(/Cannot find module|MODULE_NOT_FOUND|\n\s+at /);
  }, 60_000);

  it('2.x server package alone: stdio serves; the test kit and HTTP name the package they need', async () => {
    const { stdout } = await node('server-only', ['partial.cjs']);
    expect(JSON.parse(stdout)).toEqual({
      testKit: expect.stringMatching(/^StartupError: .*npm install -D @modelcontextprotocol\/client/),
      http: expect.stringMatching(/^StartupError: .*npm install @modelcontextprotocol\/node/),
    });
    const lines = [
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'raw', version: '1' },
        },
      },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'hello', arguments: { name: 'Ada' } } },
    ];
    const answers = await serveLines(project('server-only'), lines, 2);
    expect(answers[1]).toEqual({
      jsonrpc: '2.0',
      id: 2,
      result: { content: [{ type: 'text', text: 'hello Ada' }] },
    });
  }, 60_000);
});

/** Writes JSON-RPC lines to a spawned `server.cjs` and collects `count` answers. */
function serveLines(cwd: string, lines: object[], count: number): Promise<unknown[]> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(process.execPath, ['server.cjs'], { cwd, timeout: 30_000 });
    const answers: unknown[] = [];
    let buffer = '';
    child.stdout!.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        answers.push(JSON.parse(buffer.slice(0, newline)));
        buffer = buffer.slice(newline + 1);
        if (answers.length === count) {
          child.kill();
          resolvePromise(answers);
        }
      }
    });
    child.on('error', reject);
    child.on(
      'exit',
      () => answers.length < count && reject(new Error(`server exited after ${answers.length} answers`)),
    );
    for (const line of lines) child.stdin!.write(JSON.stringify(line) + '\n');
  });
}
