import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { cleanEnv, makeProject } from './project';

/** Starts the project's server from `/` (as Claude Desktop does) and connects the SDK client over stdio. */
async function connect(dir: string, extraEnv: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(dir, 'dist', 'server.js')],
    cwd: '/',
    env: { ...cleanEnv(), ...extraEnv },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** Runs the server to exit (a start-up refusal) and returns its stderr. */
function startupFailure(dir: string): string {
  try {
    execFileSync(process.execPath, [join(dir, 'dist', 'server.js')], {
      cwd: '/',
      env: cleanEnv(),
      input: '',
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    return (error as { stderr: string }).stderr;
  }
  throw new Error('the server started');
}

describe('settings in the project .env (server started from /)', () => {
  it('SECURE_MCP_READ_ONLY=1 only in .env: the write tool is neither listed nor callable', async () => {
    const dir = makeProject('SECURE_MCP_READ_ONLY=1\n');
    const { client } = await connect(dir);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['read_note']);
      const result = await client.callTool({ name: 'write_note', arguments: { name: 'x.txt' } });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/read-only/);
      // roots: ['./data'] is the project's data folder, not /data.
      const read = await client.callTool({ name: 'read_note', arguments: { name: 'hello.txt' } });
      expect(read.content).toEqual([{ type: 'text', text: 'hello from the project' }]);
    } finally {
      await client.close();
    }
  });

  it('the environment wins over .env', async () => {
    const dir = makeProject('SECURE_MCP_READ_ONLY=1\nNOTE_GREETING=from-dotenv\n');
    const { client } = await connect(dir, { SECURE_MCP_READ_ONLY: '0' });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['read_note', 'write_note']);
      await client.callTool({ name: 'write_note', arguments: { name: 'x.txt' } });
      // setting() read NOTE_GREETING from .env; relative audit file is in the project too.
      expect(readFileSync(join(dir, 'data', 'x.txt'), 'utf8')).toBe('written (from-dotenv)');
      expect(readFileSync(join(dir, 'logs', 'audit.jsonl'), 'utf8')).toContain('write_note');
    } finally {
      await client.close();
    }
  });

  it('an unknown spelling of the flag in .env stops start-up', () => {
    const stderr = startupFailure(makeProject('SECURE_MCP_READ_ONLY=enabled\n'));
    expect(stderr).toMatch(/SECURE_MCP_READ_ONLY has a value that is not understood/);
  });

  it('a misspelt SECURE_MCP_ name in .env stops start-up, naming it', () => {
    const stderr = startupFailure(makeProject('SECURE_MCP_READONLY=1\n'));
    // One line first that says the server did not start and why (what a client's log shows first).
    expect(stderr.split('\n')[0]).toMatch(
      /^secure-mcp server did not start: \S+\.env sets SECURE_MCP_READONLY, which is not a secure-mcp setting/,
    );
    expect(stderr).not.toMatch(/=1/);
  });

  it('names in .env the server does not read are reported by name, without values', async () => {
    const dir = makeProject('NOTE_GREETING=hi\nMCP_FS_ROOTZ=canary-value-not-a-secret\n');
    const { client, stderr } = await connect(dir);
    await client.listTools();
    await client.close();
    expect(stderr()).toMatch(/sets MCP_FS_ROOTZ, which this server does not read/);
    expect(stderr()).not.toMatch(/NOTE_GREETING/);
    expect(stderr()).not.toContain('canary-value-not-a-secret');
  });
});
