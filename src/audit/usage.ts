import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stateDir } from '../state-dir';

/** `usage.json`: when each secure-mcp server on this machine was last called. */
export interface UsageState {
  version: 1;
  servers: Record<string, { lastUsed: string }>;
}

export const USAGE_FILE = 'usage.json';
/** A server records its usage at most this often. */
export const USAGE_THROTTLE_MS = 60_000;

/** `usage.json` under the state directory (see {@link stateDir}). */
export function usageFile(dir: string = stateDir()): string {
  return join(dir, USAGE_FILE);
}

/** Reads the usage state; a missing or unreadable file reads as "no server seen". */
export async function readUsage(file: string = usageFile()): Promise<UsageState> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<UsageState>;
    const servers: UsageState['servers'] = Object.create(null);
    if (parsed && typeof parsed.servers === 'object' && parsed.servers !== null) {
      for (const [name, entry] of Object.entries(parsed.servers)) {
        const lastUsed = (entry as { lastUsed?: unknown })?.lastUsed;
        if (typeof lastUsed === 'string' && !Number.isNaN(Date.parse(lastUsed))) servers[name] = { lastUsed };
      }
    }
    return { version: 1, servers };
  } catch {
    return { version: 1, servers: Object.create(null) };
  }
}

/**
 * Records "server X was used" in the shared state file, at most once a minute per server. The throttle
 * check is a Map lookup; the write is asynchronous and atomic (temp file + rename), so a call never waits
 * for it and a reader never sees half a file. Errors are swallowed: usage is a hint for `secure-mcp audit`,
 * never a reason to fail a call.
 */
export class UsageRecorder {
  private readonly last = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string = usageFile(),
    private readonly throttleMs: number = USAGE_THROTTLE_MS,
  ) {}

  /** Returns a promise of whether it wrote (false: throttled or failed); callers need not await it. */
  record(server: string, time: Date = new Date()): Promise<boolean> {
    const previous = this.last.get(server);
    if (previous !== undefined && time.getTime() - previous < this.throttleMs) return Promise.resolve(false);
    this.last.set(server, time.getTime());
    // Serialise this process's writes so two servers in one process do not lose each other's update.
    const run = this.queue.then(() => this.write(server, time));
    this.queue = run;
    return run;
  }

  private async write(server: string, time: Date): Promise<boolean> {
    const tmp = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      const state = await readUsage(this.file);
      const known = state.servers[server]?.lastUsed;
      if (!known || Date.parse(known) < time.getTime())
        state.servers[server] = { lastUsed: time.toISOString() };
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      await writeFile(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
      await rename(tmp, this.file);
      return true;
    } catch {
      await rm(tmp, { force: true }).catch(() => undefined);
      return false;
    }
  }
}

let shared: UsageRecorder | undefined;

/** {@link UsageRecorder.record} on a process-wide recorder for the default state file. */
export function recordUsage(server: string, time: Date = new Date()): Promise<boolean> {
  shared ??= new UsageRecorder();
  return shared.record(server, time);
}
