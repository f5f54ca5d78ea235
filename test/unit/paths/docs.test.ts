import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import * as paths from '../../../src/security/paths';
import * as validators from '../../../src/validation/validators';

// The examples in docs/paths.md must run as written. Blocks that start a server need the server module
// and are covered by the tool-level tests instead.
const doc = fs.readFileSync(path.join(__dirname, '../../../docs/paths.md'), 'utf8');
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1]!)
  .filter((b) => !b.includes('createServer'));
const secureMcp = { ...paths, ...validators };

async function run(source: string): Promise<string[]> {
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
  const fakeRequire = (id: string): unknown => (id === 'secure-mcp' ? secureMcp : require(id));
  await new Function('require', 'exports', 'console', `return (async () => {\n${js}\n})();`)(
    fakeRequire,
    {},
    fakeConsole,
  );
  return logs;
}

it('docs/paths.md has runnable examples', () => expect(blocks.length).toBe(2));

it('the standalone SafeFs example runs and prints what its comments say', async () => {
  const logs = await run(blocks[0]!);
  expect(logs[0]).toBe('- ship it\n');
  expect(logs[1]).toBe('[{"name":"2025","type":"directory"}]');
  expect(logs.slice(2, 7)).toEqual([
    'path is outside the allowed roots',
    'path is outside the allowed roots',
    'path is outside the allowed roots',
    expect.stringMatching(/not allowed/),
    expect.stringMatching(/not allowed/),
  ]);
  expect(logs[7]).toMatch(/is read-only/);
});

it('the validator example runs and prints what its comments say', async () => {
  expect(await run(blocks[1]!)).toEqual(['true false', 'true', 'false']);
});
