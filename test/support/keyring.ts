import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs commands against a real Secret Service: a private D-Bus session (`dbus-run-session`) with an unlocked
 * gnome-keyring in a throw-away HOME, as described in shared/TOOLCHAIN.md. Nothing touches the user's real
 * keyring. `.ci/keyring.sh` installs the packages in CI.
 */

const REQUIRED = ['dbus-run-session', 'gnome-keyring-daemon'];

/** `undefined` when a headless keyring can be started here, else why not. */
export function headlessKeyringUnavailable(): string | undefined {
  if (process.platform !== 'linux')
    return `headless gnome-keyring is Linux-only (this is ${process.platform})`;
  const missing = REQUIRED.filter((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0);
  if (missing.length > 0) {
    return `${missing.join(' and ')} not installed (apt-get install gnome-keyring dbus dbus-x11 libsecret-tools)`;
  }
  return undefined;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command args…` with a fresh HOME; inside a headless unlocked keyring unless `keyring` is false. */
export async function runWithKeyring(
  command: string,
  args: string[],
  options: { keyring?: boolean; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const home = mkdtempSync(join(tmpdir(), 'keyring-home-'));
  mkdirSync(join(home, '.cache'), { recursive: true });
  mkdirSync(join(home, '.local', 'share'), { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, HOME: home, XDG_RUNTIME_DIR: home };
  delete env.DBUS_SESSION_BUS_ADDRESS; // never reach the developer's own session keyring
  const [file, argv] =
    options.keyring === false
      ? [command, args]
      : [
          'dbus-run-session',
          [
            '--',
            'sh',
            '-c',
            // The daemon prints its environment on stdout; keep the child's stdout for the child.
            'echo -n test-keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"',
            'sh',
            command,
            ...args,
          ],
        ];
  try {
    return await new Promise<RunResult>((resolve, reject) => {
      const child = spawn(file, argv, { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
