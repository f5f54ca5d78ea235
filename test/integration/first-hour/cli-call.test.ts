import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cleanEnv, makeProject, ROOT } from './project';

// Issue 17 "beyond": `secure-mcp call <tool> [--args json]` through the SDK's real client, server stderr shown.

const CLI = join(ROOT, 'dist', 'cli', 'main.js');

function call(project: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, 'call', ...args], {
    cwd: project,
    env: cleanEnv(),
    encoding: 'utf8',
  });
}

describe('secure-mcp call', () => {
  it('calls a tool of the built server (package.json main) and prints its text; server stderr is shown', () => {
    const project = makeProject('UNUSED_SETTING=1\n');
    const r = call(project, ['read_note', '--args', '{"name":"hello.txt"}']);
    expect(r.stdout).toBe('hello from the project\n');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/sets UNUSED_SETTING, which this server does not read/);
  });

  it('exits 1 with the message when the result is an error (read-only from .env)', () => {
    const r = call(makeProject('SECURE_MCP_READ_ONLY=1\n'), ['write_note', '--args', '{"name":"x.txt"}']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/read-only/);
  });

  it('exits 2 with the server’s own start-up error when it cannot start', () => {
    const r = call(makeProject('SECURE_MCP_READONLY=1\n'), ['read_note', '--args', '{"name":"hello.txt"}']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/did not start: .*SECURE_MCP_READONLY/);
  });

  it('refuses --args that are not a JSON object', () => {
    const r = call(makeProject(''), ['read_note', '--args', '[1]']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--args must be a JSON object/);
  });
});
