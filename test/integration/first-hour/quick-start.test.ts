import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const ROOT = resolve(__dirname, '../../..');

/** The fenced blocks of the README's Quick start section, in order, with their language. */
function quickStartBlocks(): Array<{ lang: string; body: string }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Quick start\n'),
    readme.indexOf('### Add it to Claude Desktop'),
  );
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] }));
}

/**
 * The README's Quick start, pasted into a fresh `npm init -y` project (CommonJS, as npm makes it now): the shell
 * steps run as written except `npm install`, which links the built framework and the repository's copies of
 * its peers (offline); then `tsc` with the README's tsconfig, and the server is started from `/`, as Claude
 * Desktop starts it, and called through the SDK client over stdio.
 */
describe('README Quick start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quick-start-'));
  const blocks = quickStartBlocks();

  beforeAll(() => {
    const shell = blocks.find((b) => b.lang === 'sh')!.body;
    const steps = shell.split('\n').filter((line) => line.trim() && !line.startsWith('npm install'));
    execFileSync('sh', ['-e', '-c', steps.join('\n')], { cwd: dir, stdio: 'pipe' });
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type).not.toBe('module');
    mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'node_modules', 'secure-mcp'), 'dir');
    for (const dep of ['reflect-metadata', 'class-validator', '@types/node']) {
      symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
    }
    writeFileSync(join(dir, 'tsconfig.json'), blocks.find((b) => b.lang === 'json')!.body);
    writeFileSync(join(dir, 'src', 'server.ts'), blocks.find((b) => b.lang === 'ts')!.body);
  });

  it('compiles with the tsconfig it shows', () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', dir], { cwd: dir, stdio: 'pipe' });
  });

  it('runs from / and answers a tool call over stdio', async () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !k.startsWith('SECURE_MCP_')) env[k] = v;
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(dir, 'dist', 'server.js')],
      cwd: '/',
      env: { ...env, SECURE_MCP_STATE_DIR: join(dir, 'state') },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'quick-start-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['search_docs']);
      const result = await client.callTool({ name: 'search_docs', arguments: { query: 'alpha' } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ hits: ['alpha beta'] });
    } finally {
      await client.close();
    }
    expect(stderr).not.toContain('replace-with-your-key');
  }, 20_000);
});
