/**
 * Starts a real, throw-away redis-server for tests: free localhost port, temp dir, no persistence.
 * Tests that need it use `describeWithRedis`, which skips them with a visible warning when
 * redis-server is not installed (.ci/redis.sh installs it in CI).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './net';

export const HAVE_REDIS = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** `describe` when redis-server exists, otherwise `describe.skip` plus a warning nobody can miss. */
export function describeWithRedis(name: string, fn: () => void): void {
  if (HAVE_REDIS) {
    describe(name, fn);
  } else {
    console.warn(`redis-server not found: Redis tests SKIPPED (${name})`);
    describe.skip(name, fn);
  }
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** SIGKILL, like a crash; resolves once the port refuses connections. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that accepts connections but never answers. */
  pause(): void;
  resume(): void;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'secure-mcp-redis-'));
  const port = await freePort();
  const pidFile = join(dir, 'redis.pid');
  let pid = 0;

  const launch = async (): Promise<void> => {
    rmSync(pidFile, { force: true });
    const result = spawnSync(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'yes',
        '--pidfile',
        pidFile,
        '--logfile',
        join(dir, 'redis.log'),
        '--dir',
        dir,
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0)
      throw new Error(`redis-server failed to start: ${result.stderr || result.stdout}`);
    await waitFor(() => ping(port), `redis-server to answer on port ${port}`);
    await waitFor(async () => readPid(pidFile) > 0, 'redis-server pid file');
    pid = readPid(pidFile);
  };

  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    try {
      process.kill(pid, sig);
    } catch {
      return; // already gone
    }
    // The daemon is not our child, so wait for the port rather than for an exit event.
    await waitFor(async () => !(await ping(port)), `redis-server on port ${port} to go away`);
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => signal('SIGKILL'),
    pause: () => process.kill(pid, 'SIGSTOP'),
    resume: () => process.kill(pid, 'SIGCONT'),
    restart: launch,
    stop: async () => {
      try {
        process.kill(pid, 'SIGCONT'); // a paused server would ignore SIGTERM until resumed
      } catch {
        // already gone
      }
      await signal('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readPid(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

/** true when something on the port answers PING with PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => finish(data.toString().startsWith('+PONG')));
  });
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
