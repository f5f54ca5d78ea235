import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Issue 17 item 4: on a machine without a Secret Service (no D-Bus session here), `secure-mcp secrets set`
// must say what works on this machine instead of ending at "no Secret Service".

const CLI = resolve(__dirname, '../../../dist/cli/main.js');
const CANARY = 'canary-keychain-value-not-a-secret';

function run(args: string[]) {
  const project = mkdtempSync(join(tmpdir(), 'no-keychain-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('DBUS_')) env[k] = v;
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: project,
    env: { ...env, SECURE_MCP_STATE_DIR: join(project, 'state') },
    input: CANARY,
    encoding: 'utf8',
  });
  return { ...r, project };
}

describe('secure-mcp secrets without an OS keychain', () => {
  it.each([
    ['set', 'stored'],
    ['rotate', 'rotated'],
  ])('secrets %s offers the ways that work here', (command, action) => {
    const r = run(['secrets', command, 'API_KEY', '--server', 'docs']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`the OS keychain is not available on this machine (no Secret Service`);
    expect(r.stderr).toContain(`so API_KEY was not ${action}`);
    expect(r.stderr).toContain(`add API_KEY=... to ${join(r.project, '.env')}`);
    expect(r.stderr).toMatch(/environment variable API_KEY/);
    expect(r.stderr).toMatch(/SecretProvider/);
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });
});
