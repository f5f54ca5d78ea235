import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { cleanEnv, ROOT } from './project';

// Issue 17 "beyond": `secure-mcp dev` serves the TypeScript server without a build (decorator metadata and
// injection work) and restarts it when a source file changes.

const TOOL = (greeting: string) => `import { IsString, MaxLength } from 'class-validator';
import { ReadOnly, SafeFs, Tool } from 'secure-mcp';
export class GreetInput {
  @IsString() @MaxLength(50) file!: string;
}
@Tool({ name: 'greet', description: 'Greets with a file', input: GreetInput })
@ReadOnly()
export class GreetTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: GreetInput) {
    return '${greeting} ' + (await this.fs.readText(input.file));
  }
}
`;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dev-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'dev', version: '1.0.0' }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'secure-mcp'), 'dir');
  for (const dep of ['reflect-metadata', 'class-validator', '@swc'])
    symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  mkdirSync(join(dir, 'src', 'tools'), { recursive: true });
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'name.txt'), 'Ada');
  writeFileSync(join(dir, 'src', 'tools', 'greet.ts'), TOOL('hello'));
  writeFileSync(
    join(dir, 'src', 'server.ts'),
    `import 'reflect-metadata';
import { createServer, exitOnStartupError } from 'secure-mcp';
import { GreetTool } from './tools/greet';
async function main() {
  const server = await createServer({ name: 'dev', version: '1.0.0', tools: [GreetTool], roots: ['./data'] });
  await server.listen();
}
main().catch(exitOnStartupError);
`,
  );
  return dir;
}

const text = (r: unknown) => (r as { content: Array<{ text: string }> }).content[0].text;

describe('secure-mcp dev', () => {
  it('serves src/server.ts without a build and restarts on a change', async () => {
    const dir = project();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(ROOT, 'dist', 'cli', 'main.js'), 'dev'],
      cwd: dir,
      env: cleanEnv(),
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const client = new Client({ name: 'dev-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      expect(text(await client.callTool({ name: 'greet', arguments: { file: 'name.txt' } }))).toBe(
        'hello Ada',
      );
      expect(stderr).toContain('npx @modelcontextprotocol/inspector npx secure-mcp dev src/server.ts');

      writeFileSync(join(dir, 'src', 'tools', 'greet.ts'), TOOL('welcome'));
      const deadline = Date.now() + 15_000;
      while (!stderr.includes('restarting the server') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(stderr).toContain('greet.ts changed, restarting the server');
      let answer = '';
      while (Date.now() < deadline) {
        try {
          answer = text(
            await client.callTool({ name: 'greet', arguments: { file: 'name.txt' } }, undefined, {
              timeout: 3000,
            }),
          );
          if (answer === 'welcome Ada') break;
        } catch {
          // The new server is still starting.
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(answer).toBe('welcome Ada');
    } finally {
      await client.close();
    }
  }, 40_000);
});
