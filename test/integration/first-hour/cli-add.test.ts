import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './project';

// Issue 17 "beyond": `secure-mcp add tool|resource|prompt <name>` writes a class, its DTO and a test that
// passes: each is generated, type-checked with tsc and run with jest (real child processes).

const CLI = join(ROOT, 'dist', 'cli', 'main.js');
// Under test/ so the repository's jest (which maps 'secure-mcp' to src/) finds the generated tests.
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(ROOT, 'test', 'generated-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const add = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'add', ...args], { cwd: dir, encoding: 'utf8' });

describe('secure-mcp add', () => {
  it('generates a tool, a resource and a prompt whose tests type-check and pass', () => {
    for (const [kind, name] of [
      ['tool', 'lookup_order'],
      ['resource', 'order_index'],
      ['prompt', 'summarize_order'],
    ]) {
      const r = add(kind, name);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(readFileSync(join(dir, 'src/tools/lookup-order.ts'), 'utf8')).toContain(
      'export class LookupOrderTool',
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true }, include: ['.'] }),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const jest = spawnSync(process.execPath, [join(ROOT, 'node_modules/jest/bin/jest.js'), dir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(jest.stderr).toMatch(/Tests:\s+7 passed, 7 total/);
    expect(jest.status).toBe(0);
  }, 120_000);

  it('never overwrites, and refuses bad kinds and names', () => {
    expect(add('tool', 'lookup_order').stderr).toMatch(/already exists; nothing written/);
    expect(add('widget', 'x').status).toBe(2);
    expect(add('tool', '../evil').status).toBe(2);
  });
});
