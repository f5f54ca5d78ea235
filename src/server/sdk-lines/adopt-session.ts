import type { LineHttpTransport } from './types';

/**
 * Marks a new Streamable HTTP transport as serving an existing session. Neither SDK line has a public way to
 * do this: a transport marks itself initialized only when it handles `initialize` (upstream: typescript-sdk
 * issue #1882, open; PRs #1668 and #1786 closed unmerged). Replaying the stored `initialize` through the
 * public `handleRequest` would need a synthetic Node request and response (the Node transport of both lines
 * hands them to a private web-standard transport through an adapter), which is more fragile than the two
 * fields set here. Works on both lines' Node transports (1.x `StreamableHTTPServerTransport`, 2.x
 * `NodeStreamableHTTPServerTransport`) and on a bare web-standard one; if an SDK update renames or hides the
 * fields, this throws a clear error and test/integration/sdk-lines/adopt-session.test.ts fails, rather than
 * sessions silently answering "Server not initialized".
 */
export function adoptWebStandardSession(transport: LineHttpTransport, sessionId: string): void {
  type Fields = { sessionId?: string; _initialized?: unknown };
  const outer = transport as unknown as Fields & { _webStandardTransport?: Fields };
  const web = outer._webStandardTransport ?? outer;
  if (typeof web._initialized !== 'boolean') {
    throw new Error(
      'this MCP SDK version cannot adopt a session on another replica (its transport has no `_initialized` flag)',
    );
  }
  web.sessionId = sessionId;
  web._initialized = true;
}
