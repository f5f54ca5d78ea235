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

// The daemon prints its environment on stdout; keep stdout for what runs after it.
const UNLOCK = 'echo -n test-keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null';

/** A throw-away HOME (also the runtime dir) and an environment that cannot reach the user's own keyring. */
function isolatedHome(extra: NodeJS.ProcessEnv = {}): { home: string; env: NodeJS.ProcessEnv } {
  const home = mkdtempSync(join(tmpdir(), 'keyring-home-'));
  mkdirSync(join(home, '.cache'), { recursive: true });
  mkdirSync(join(home, '.local', 'share'), { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, HOME: home, XDG_RUNTIME_DIR: home };
  delete env.DBUS_SESSION_BUS_ADDRESS; // never reach the developer's own session keyring
  return { home, env };
}

/** Runs `command args…` with a fresh HOME; inside a headless unlocked keyring unless `keyring` is false. */
export async function runWithKeyring(
  command: string,
  args: string[],
  options: { keyring?: boolean; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const { home, env } = isolatedHome(options.env);
  const [file, argv] =
    options.keyring === false
      ? [command, args]
      : ['dbus-run-session', ['--', 'sh', '-c', `${UNLOCK} && exec "$@"`, 'sh', command, ...args]];
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
    removeHome(home);
  }
}

/** A headless keyring that outlives single commands, so that several processes can share its entries. */
export interface KeyringSession {
  /** What a process needs to use this keyring: `HOME`, `XDG_RUNTIME_DIR`, `DBUS_SESSION_BUS_ADDRESS`. */
  env: NodeJS.ProcessEnv;
  /** Ends the session (bus and keyring daemon) and removes its HOME. */
  stop(): Promise<void>;
}

/**
 * Starts a private D-Bus session with an unlocked gnome-keyring in a throw-away HOME, and keeps it until
 * `stop()`: the session's last command is `cat`, which ends when its stdin is closed, and dbus-run-session
 * then stops the bus (the keyring daemon leaves with it). Rejects when the keyring cannot start.
 */
export async function startKeyringSession(timeoutMs = 15_000): Promise<KeyringSession> {
  const { home, env } = isolatedHome();
  const child = spawn(
    'dbus-run-session',
    ['--', 'sh', '-c', `${UNLOCK} && echo "$DBUS_SESSION_BUS_ADDRESS" && exec cat`],
    { env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const stop = async () => {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await closed;
    clearTimeout(timer);
    removeHome(home);
  };
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(
        () => reject(new Error(`keyring did not start in ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.on('data', (d) => {
        stdout += d;
        const line = stdout.split('\n');
        if (line.length > 1) {
          clearTimeout(timer);
          resolve(line[0]);
        }
      });
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`keyring session ended (exit ${code}): ${stderr.trim()}`));
      });
    });
    if (!address.startsWith('unix:')) throw new Error(`unexpected D-Bus address ${JSON.stringify(address)}`);
    return { env: { HOME: home, XDG_RUNTIME_DIR: home, DBUS_SESSION_BUS_ADDRESS: address }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `undefined` when a headless keyring starts here (tried: a session is started, unlocked and ended), else
 * why not. Synchronous, so a test file can choose `describe` or `describe.skip` with it.
 */
export function headlessKeyringCannotStart(): string | undefined {
  const missing = headlessKeyringUnavailable();
  if (missing) return missing;
  const { home, env } = isolatedHome();
  try {
    const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', UNLOCK], { env, timeout: 15_000 });
    if (r.status === 0) return undefined;
    const why = r.error?.message ?? (r.stderr.toString().trim().split('\n').pop() || `exit ${r.status}`);
    return `the headless keyring did not start (${why})`;
  } finally {
    removeHome(home);
  }
}

// gnome-keyring-daemon daemonises and may still be writing its keyring when the session ends: retry, and never
// fail a test over a leftover temp folder.
function removeHome(home: string): void {
  try {
    rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch {
    // left for the OS to clean up with the rest of the temp folder
  }
}
