import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Issue 17 item 5: projects compiled with a broken tsconfig (real tsc, real node) must fail at start-up with
// a message that names the tsconfig flag, not a TypeError from class-validator or a complaint about a type.

const ROOT = resolve(__dirname, '../../..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const BASE = {
  target: 'ES2022',
  module: 'node16',
  moduleResolution: 'node16',
  strict: true,
  skipLibCheck: true,
  useDefineForClassFields: false,
  outDir: 'dist',
};

const MAIN = `
async function main() {
  const server = await createServer({ name: 'setup', version: '1.0.0', tools: [EchoTool], roots: ['.'] });
  await server.listen();
}
main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
`;

/** Compiles `source` with `compilerOptions` (errors allowed: tsc still emits) and starts it; returns stderr. */
function compileAndStart(compilerOptions: object, source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'decorator-setup-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'setup', version: '1.0.0' }));
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules', 'secure-mcp'), 'dir');
  for (const dep of ['reflect-metadata', 'class-validator', '@types/node'])
    symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['server.ts'] }));
  writeFileSync(join(dir, 'server.ts'), source + MAIN);
  spawnSync(process.execPath, [TSC, '-p', dir], { cwd: dir, encoding: 'utf8' });
  const run = spawnSync(process.execPath, [join(dir, 'dist', 'server.js')], {
    cwd: '/',
    input: '',
    encoding: 'utf8',
    env: { ...process.env, SECURE_MCP_STATE_DIR: join(dir, 'state') },
  });
  expect(run.status).not.toBe(0);
  return run.stderr;
}

const WITH_DTO = `
import 'reflect-metadata';
import { IsString } from 'class-validator';
import { createServer, Tool } from 'secure-mcp';
class EchoInput {
  @IsString() message!: string;
}
@Tool({ name: 'echo', description: 'Echo', input: EchoInput })
class EchoTool {
  execute(input: EchoInput) { return input.message; }
}
`;

describe('decorator setup mistakes, compiled with tsc', () => {
  it('without experimentalDecorators, the first line names the flag (DTO decorators fail first)', () => {
    const stderr = compileAndStart(BASE, WITH_DTO);
    expect(stderr.split('\n')[0]).toBe(
      'secure-mcp: a decorator failed because it was compiled as a standard decorator: set ' +
        '"experimentalDecorators": true and "emitDecoratorMetadata": true in tsconfig.json (secure-mcp and ' +
        "class-validator use TypeScript's legacy decorators), then rebuild",
    );
  });

  it('without experimentalDecorators, @Tool itself names the flag', () => {
    const stderr = compileAndStart(
      BASE,
      `
import 'reflect-metadata';
import { createServer, Tool } from 'secure-mcp';
@Tool({ name: 'echo', description: 'Echo' })
class EchoTool {
  execute() { return 'hi'; }
}
`,
    );
    expect(stderr).toContain(
      '@Tool was compiled as a standard decorator: set "experimentalDecorators": true',
    );
  });

  it('without emitDecoratorMetadata, start-up names that flag, not the parameter type', () => {
    const stderr = compileAndStart(
      { ...BASE, experimentalDecorators: true },
      `
import 'reflect-metadata';
import { IsString } from 'class-validator';
import { createServer, SafeFs, Tool } from 'secure-mcp';
class EchoInput {
  @IsString() message!: string;
}
@Tool({ name: 'echo', description: 'Echo', input: EchoInput })
class EchoTool {
  constructor(private readonly fs: SafeFs) {}
  execute(input: EchoInput) { return input.message; }
}
`,
    );
    expect(stderr).toMatch(/EchoTool \(tool "echo"\): constructor parameter 0 has no type metadata/);
    expect(stderr).toContain('"emitDecoratorMetadata": true');
  });

  it('with useDefineForClassFields: false (the recommended setting) an undecorated DTO property stops start-up too, read from the source map', () => {
    const stderr = compileAndStart(
      { ...BASE, experimentalDecorators: true, emitDecoratorMetadata: true, sourceMap: true },
      WITH_DTO.replace('class EchoInput {', 'export class EchoInput {').replace(
        '@IsString() message!: string;',
        '@IsString() message!: string;\n  extra?: string;',
      ),
    );
    expect(stderr).toMatch(/DTO EchoInput property "extra" has no class-validator decorator/);
  });

  it('with useDefineForClassFields: true an undecorated DTO property stops start-up', () => {
    const stderr = compileAndStart(
      { ...BASE, experimentalDecorators: true, emitDecoratorMetadata: true, useDefineForClassFields: true },
      WITH_DTO.replace('@IsString() message!: string;', '@IsString() message!: string;\n  extra!: string;'),
    );
    expect(stderr).toMatch(/DTO EchoInput property "extra" has no class-validator decorator/);
  });
});
