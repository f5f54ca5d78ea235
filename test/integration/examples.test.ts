import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const BUILD = join(__dirname, '../../build/examples');

async function spawnServer(script: string, env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(BUILD, script)],
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'examples-test', version: '1' });
  await client.connect(transport);
  const text = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args });
    return { isError: r.isError === true, text: (r.content as Array<{ text: string }>)[0]?.text ?? '' };
  };
  return { client, text };
}

describe('examples, spawned over stdio', () => {
  const base = mkdtempSync(join(tmpdir(), 'files-example-'));
  const root = join(base, 'data');
  const state = join(base, 'state');
  beforeAll(() => {
    mkdirSync(root);
    mkdirSync(join(base, 'data-evil'));
    writeFileSync(join(root, 'hello.txt'), 'hello from the root');
    writeFileSync(join(base, 'data-evil', 'secret.txt'), 'CANARY-OUTSIDE-ROOT');
    symlinkSync(join(base, 'data-evil', 'secret.txt'), join(root, 'link-out.txt'));
  });

  it('files: reads and writes inside the root, refuses every escape', async () => {
    const { client, text } = await spawnServer('files/server.js', {
      FILES_ROOT: root,
      SECURE_MCP_STATE_DIR: state,
    });
    expect(await text('read_file', { path: 'hello.txt' })).toEqual({
      isError: false,
      text: 'hello from the root',
    });
    expect(await text('write_file', { path: 'new.txt', content: 'written' })).toEqual({
      isError: false,
      text: 'wrote 7 characters',
    });
    expect(readFileSync(join(root, 'new.txt'), 'utf8')).toBe('written');
    for (const path of [
      '../data-evil/secret.txt',
      join(base, 'data-evil', 'secret.txt'),
      'link-out.txt',
      'a\0b',
    ]) {
      const r = await text('read_file', { path });
      expect(r.isError).toBe(true);
      expect(r.text).not.toContain('CANARY');
      expect(r.text).not.toContain(base);
    }
    await client.close();
  });

  it('files: read-only mode hides write_file', async () => {
    const { client, text } = await spawnServer('files/server.js', {
      FILES_ROOT: root,
      SECURE_MCP_STATE_DIR: state,
      SECURE_MCP_READ_ONLY: '1',
    });
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['list_files', 'read_file']);
    expect((await text('write_file', { path: 'x.txt', content: 'x' })).text).toMatch(/read-only mode/);
    await client.close();
  });

  it('notes: the demo server answers good and bad calls', async () => {
    const { client, text } = await spawnServer('notes/server.js', { SECURE_MCP_STATE_DIR: state });
    expect((await text('read_note', { id: 1 })).text).toMatch(/secure-mcp/);
    expect(await text('read_note', { id: '1; DROP TABLE notes' })).toEqual({
      isError: true,
      text: 'Invalid arguments for tool read_note: id: must be integer (type)',
    });
    await client.close();
  });
});
