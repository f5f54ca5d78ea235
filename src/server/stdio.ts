import { format } from 'node:util';
import type { Logger } from '../logging/logger';
import type { SecureMcpServer } from './create-server';
import { LineStdioTransport } from './stdio-transport';

/**
 * Serves over stdio and shuts down cleanly when the client goes away (stdin ends) or on SIGINT/SIGTERM:
 * connections close and clean-up (audit flush) runs before the process exits.
 */
export async function listenStdio(
  server: SecureMcpServer,
  options: { maxMessageBytes: number; logger: Logger; scrub: (text: string) => string },
): Promise<void> {
  const { maxMessageBytes, logger, scrub } = options;
  if (process.env.SECURE_MCP_NO_LISTEN === '1') return; // loaded by a CLI to read its tools, not to serve
  redirectConsoleToStderr(scrub);
  const transport = new LineStdioTransport(maxMessageBytes);
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    void server.close().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => stop(130));
  process.once('SIGTERM', () => stop(143));
  process.stdin.once('end', () => stop(0));
  process.stdin.once('close', () => stop(0));
  transport.onerror = (error) =>
    logger.warn('unreadable message on stdin', { error: error.message.slice(0, 200) });
  await server.connect(transport);
}

/**
 * On a stdio server a stray `console.log` (from a tool or a library) would corrupt the JSON-RPC stream, so every
 * console method writes to stderr while the server listens, with known secret values scrubbed.
 */
export function redirectConsoleToStderr(scrub: (text: string) => string): void {
  const write = (...args: unknown[]) => {
    process.stderr.write(scrub(format(...args)) + '\n');
  };
  /* eslint-disable no-console -- replacing, not calling, the console writers */
  console.log = write;
  console.info = write;
  console.debug = write;
  console.warn = write;
  console.error = write;
  /* eslint-enable no-console */
}
