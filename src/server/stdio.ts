import type { Logger } from '../logging/logger';
import type { SecureMcpServer } from './create-server';
import { LineStdioTransport } from './stdio-transport';

/**
 * Serves over stdio and shuts down cleanly when the client goes away (stdin ends) or on SIGINT/SIGTERM:
 * connections close and clean-up (audit flush) runs before the process exits.
 */
export async function listenStdio(
  server: SecureMcpServer,
  maxMessageBytes: number,
  logger: Logger,
): Promise<void> {
  if (process.env.SECURE_MCP_NO_LISTEN === '1') return; // loaded by a CLI to read its tools, not to serve
  redirectConsoleToStderr();
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
 * On a stdio server a stray `console.log` (from a tool or a library) would corrupt the JSON-RPC stream, so
 * console output meant for stdout is sent to stderr while the server listens.
 */
export function redirectConsoleToStderr(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  /* eslint-disable no-console -- replacing, not calling, the stdout writers */
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  /* eslint-enable no-console */
}
