import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { redactKnownSecrets } from '../detect';
import type { ToolPosture } from './posture';

export class EntryLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntryLoadError';
  }
}

type ChildMessage = { ok: true; tools: ToolPosture[] } | { ok: false; error: string };

/**
 * Loads an entry module (e.g. `dist/server.js`) in a child process with `SECURE_MCP_NO_LISTEN=1` and
 * returns the posture of every `@Tool` class it registered. The child's stdout and stderr are discarded
 * except for error messages, so a server that prints cannot corrupt our output.
 */
export function loadEntryTools(entry: string, timeoutMs = 20_000): Promise<ToolPosture[]> {
  const file = resolve(entry);
  if (!existsSync(file)) return Promise.reject(new EntryLoadError(`entry module not found: ${entry}`));
  return new Promise((done, fail) => {
    const child = fork(join(__dirname, 'child.js'), [file], {
      env: { ...process.env, SECURE_MCP_NO_LISTEN: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let message: ChildMessage | undefined;
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (m) => (message = m as ChildMessage));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (message?.ok) return done(message.tools);
      const why =
        message && !message.ok
          ? message.error
          : signal
            ? `killed by ${signal} (timeout?)`
            : `exit code ${code}`;
      fail(
        new EntryLoadError(
          `cannot read tools from ${entry}: ${redactKnownSecrets(`${why}\n${stderr.trim()}`.trim())}`,
        ),
      );
    });
  });
}
