import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/** One tool call through the SDK's real client, against a server started as an MCP client starts it. */
export interface CallOnceOptions {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  tool: string;
  arguments?: Record<string, unknown>;
  /** Each chunk the server writes to stderr, as it comes. */
  onStderr(chunk: string): void;
  timeoutMs?: number;
}

/** The parts of a `tools/call` result the CLI prints. */
export interface CallOnceResult {
  isError: boolean;
  content: Array<{ type: string; text?: string; [key: string]: unknown }>;
  structuredContent?: unknown;
}

/**
 * Spawns the server over stdio, initialises, calls one tool and closes. Used by `secure-mcp call`; lives here
 * because every MCP SDK import is in src/server/.
 */
export async function callToolOnce(o: CallOnceOptions): Promise<CallOnceResult> {
  const transport = new StdioClientTransport({
    command: o.command,
    args: o.args,
    cwd: o.cwd,
    env: o.env,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => o.onStderr(chunk.toString('utf8')));
  const client = new Client({ name: 'secure-mcp-call', version: '1.0.0' });
  try {
    await client.connect(transport);
    const result = await client.callTool({ name: o.tool, arguments: o.arguments }, undefined, {
      timeout: o.timeoutMs ?? 60_000,
    });
    return {
      isError: result.isError === true,
      content: (result.content ?? []) as CallOnceResult['content'],
      structuredContent: result.structuredContent,
    };
  } finally {
    await client.close().catch(() => undefined);
  }
}
