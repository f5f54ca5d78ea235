import { StartupError } from '../errors';

/**
 * The text a server prints when it cannot start: one line that says so and why (what MCP clients and the
 * Inspector show first in their server log), then the rest of the message; for an unexpected error (not a
 * {@link StartupError}) the stack, which points at the code that threw.
 */
export function formatStartupError(error: unknown, server?: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const [first, ...rest] = message.split('\n');
  const who = server ? `${server} (secure-mcp)` : 'secure-mcp server';
  const lines = [`${who} did not start: ${first}`, ...rest];
  if (error instanceof Error && !(error instanceof StartupError) && error.stack) {
    lines.push(...error.stack.split('\n').slice(1));
  }
  return lines.join('\n') + '\n';
}

/**
 * Prints {@link formatStartupError} to stderr (never stdout, which carries JSON-RPC) and exits with code 1 once
 * stderr has taken it: `process.exit()` right after a write to a pipe can drop the text on some platforms, and
 * then the client shows only "server disconnected".
 *
 * @example
 * ```ts
 * main().catch(exitOnStartupError);
 * ```
 */
export function exitOnStartupError(error: unknown): void {
  process.exitCode = 1;
  process.stderr.write(formatStartupError(error), () => process.exit(1));
}
