import type { ServerResponse } from 'node:http';

/** JSON-RPC error codes the MCP transports use for transport-level refusals. */
export const SERVER_ERROR = -32000;
export const SESSION_NOT_FOUND = -32001;
export const PARSE_ERROR = -32700;

/** Answers with a JSON-RPC error body (id null: the request was refused before it was read as JSON-RPC). */
export function sendError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body);
}
