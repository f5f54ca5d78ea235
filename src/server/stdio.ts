import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { SecureMcpServer } from './create-server';

/**
 * Serves over stdio and shuts down cleanly when the client goes away (stdin ends) or on SIGINT/SIGTERM:
 * connections close and clean-up (audit flush) runs before the process exits.
 */
export async function listenStdio(server: SecureMcpServer): Promise<void> {
  if (process.env.SECURE_MCP_NO_LISTEN === '1') return; // loaded by a CLI to read its tools, not to serve
  const transport = new StdioServerTransport();
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
  await server.connect(transport);
}
