import { loadSdkLine, sdkLineFromEnv } from '../sdk-lines/load-line';

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
 * because every MCP SDK import is in src/server/. The client is that of the SDK line installed (the same
 * choice as the server's: `SECURE_MCP_SDK_LINE`, else the newer); neither installed is a `StartupError`
 * naming both packages.
 */
export async function callToolOnce(o: CallOnceOptions): Promise<CallOnceResult> {
  const kit = loadSdkLine(sdkLineFromEnv({ SECURE_MCP_SDK_LINE: o.env.SECURE_MCP_SDK_LINE })).client();
  const transport = kit.stdioTransport({ command: o.command, args: o.args, cwd: o.cwd, env: o.env });
  transport.stderr?.on('data', (chunk: Buffer) => o.onStderr(chunk.toString('utf8')));
  const client = kit.createClient({ name: 'secure-mcp-call', version: '1.0.0' }, {});
  try {
    await client.connect(transport);
    const result = await kit.callTool(
      client,
      { name: o.tool, arguments: o.arguments },
      { timeout: o.timeoutMs ?? 60_000 },
    );
    return {
      isError: result.isError === true,
      content: (result.content ?? []) as CallOnceResult['content'],
      structuredContent: result.structuredContent,
    };
  } finally {
    await client.close().catch(() => undefined);
  }
}
