import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import * as os from 'node:os';
import * as secureMcp from '../../../src';
import { createTestClient, type TestClient } from '../../../src/testing';

// The examples in docs/paths.md must run as written, against the package's real exports.
const doc = fs.readFileSync(path.join(__dirname, '../../../docs/paths.md'), 'utf8');
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

async function run(source: string, module: object = secureMcp): Promise<string[]> {
  const js = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: false,
    },
  }).outputText;
  const logs: string[] = [];
  const fakeConsole = {
    log: (...args: unknown[]) =>
      logs.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')),
  };
  const fakeRequire = (id: string): unknown => (id === 'secure-mcp' ? module : require(id));
  await new Function('require', 'exports', 'console', `return (async () => {\n${js}\n})();`)(
    fakeRequire,
    {},
    fakeConsole,
  );
  return logs;
}

it('docs/paths.md has runnable examples', () => expect(blocks.length).toBe(3));

it('the tool example serves read_file and write_file confined to the roots', async () => {
  // Same code; createServer is swapped for a test client on a temp root, listen() for a short session.
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'smcp-docs-'));
  const session: string[] = [];
  const createServer = async (options: secureMcp.ServerOptions) => {
    const t: TestClient = await createTestClient({ ...options, roots: [data] });
    return {
      listen: async () => {
        for (const [name, args] of [
          ['write_file', { path: 'a.txt', content: 'hi' }],
          ['read_file', { path: 'a.txt' }],
          ['read_file', { path: '../etc/passwd' }],
        ] as const) {
          session.push(t.text(await t.callTool(name, args)));
        }
        await t.close();
      },
    };
  };
  try {
    await run(blocks[0]!, { ...secureMcp, createServer });
    expect(session[0]).toBe('wrote 2 characters');
    expect(session[1]).toBe('hi');
    expect(session[2]).toMatch(/path: path must be a relative path inside the allowed roots/);
    expect(fs.readFileSync(path.join(data, 'a.txt'), 'utf8')).toBe('hi');
  } finally {
    fs.rmSync(data, { recursive: true, force: true });
  }
});

it('the standalone SafeFs example runs and prints what its comments say', async () => {
  const logs = await run(blocks[1]!);
  expect(logs[0]).toBe('- ship it\n');
  expect(logs[1]).toBe('[{"name":"2025","type":"directory"}]');
  expect(logs.slice(2, 7)).toEqual([
    "path is outside the allowed roots: '..' leaves the root",
    expect.stringMatching(/^path is outside the allowed roots: an absolute path must lie inside a root/),
    expect.stringMatching(/^path is outside the allowed roots: an absolute path must lie inside a root/),
    expect.stringMatching(/not allowed/),
    expect.stringMatching(/not allowed/),
  ]);
  expect(logs[7]).toMatch(/is read-only/);
});

it('the validator example runs and prints what its comments say', async () => {
  expect(await run(blocks[2]!)).toEqual(['true false', 'true', 'false']);
});
