import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
const SERVER = join(ROOT, 'build/test/fixtures/servers/project-server.js');

/** A project folder with the built fixture server as dist/server.js and secure-mcp installed (linked). */
export function makeProject(dotenv: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'project-settings-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'p', version: '1.0.0', private: true, main: 'dist/server.js' }),
  );
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'secure-mcp'), 'dir');
  for (const dep of ['reflect-metadata', 'class-validator']) {
    symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  }
  mkdirSync(join(dir, 'dist'));
  copyFileSync(SERVER, join(dir, 'dist', 'server.js'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'hello.txt'), 'hello from the project');
  writeFileSync(join(dir, '.env'), dotenv);
  return dir;
}

/** The test's environment without SECURE_MCP_* settings, with a private state dir. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('SECURE_MCP_') && k !== 'NOTE_GREETING') env[k] = v;
  }
  return { ...env, SECURE_MCP_STATE_DIR: mkdtempSync(join(tmpdir(), 'project-state-')) };
}
