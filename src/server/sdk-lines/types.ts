/**
 * What secure-mcp uses from an MCP SDK, as one interface that each SDK line implements (line-1.ts for
 * `@modelcontextprotocol/sdk` 1.x, line-2.ts for the split `@modelcontextprotocol/server` 2.x packages).
 * Messages and results are plain JSON-RPC objects on both lines, so only the calls differ.
 */
import type { SdkLineId } from './select-line';

/** A JSON-RPC message as it travels over a transport. */
export type WireMessage = { jsonrpc: '2.0' } & Record<string, unknown>;

/** The transport shape both lines accept (structurally the same interface in 1.x and 2.x). */
export interface LineTransport {
  start(): Promise<void>;
  send(message: WireMessage, options?: object): Promise<void>;
  close(): Promise<void>;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: WireMessage, extra?: { authInfo?: unknown; requestInfo?: object }) => void;
  sessionId?: string;
}

/** One request or notification as a handler sees it. */
export interface LineRequest {
  method: string;
  params?: Record<string, unknown> & { _meta?: Record<string, unknown> };
}

/** What the SDK hands a request handler besides the request, the same on both lines. */
export interface LineRequestExtra {
  /** Aborted when the client cancels the request or the connection closes. */
  signal: AbortSignal;
  requestId: string | number;
  sessionId?: string;
  /** The validated token of an HTTP request (the transport's `authInfo`). */
  authInfo?: unknown;
  /**
   * The object the transport passed with this message (1.x `requestInfo`, 2.x `request`), by identity: the
   * key under which `screenToolCalls` keeps a suspicious call's raw arguments.
   */
  requestKey?: object;
  /** Sends a notification tied to this request (progress, logging). */
  sendNotification(notification: LineRequest): Promise<void>;
  /** Sends a request to the client tied to this request (sampling, elicitation, roots); resolves to its result. */
  sendRequest(
    request: LineRequest,
    options?: { signal?: AbortSignal; timeout?: number },
  ): Promise<Record<string, unknown>>;
}

export type LineRequestHandler = (
  request: LineRequest,
  extra: LineRequestExtra,
) => Promise<Record<string, unknown>>;

/** One SDK `Server` (one per connection). */
export interface LineServer {
  /** Serves `method` (a spec method such as `tools/call`); the SDK validates the request's shape first. */
  onRequest(method: string, handler: LineRequestHandler): void;
  onNotification(method: string, handler: (notification: LineRequest) => void | Promise<void>): void;
  /** The client's capabilities, known once it has initialised. */
  clientCapabilities(): Record<string, unknown> | undefined;
  /** Sends a notification not tied to a request (`notifications/tools/list_changed`, ...). */
  notify(notification: LineRequest): Promise<void>;
  connect(transport: LineTransport): Promise<void>;
  close(): Promise<void>;
  /** Runs `listener` when the connection closes (either side). */
  onClose(listener: () => void): void;
}

/** One MCP SDK line: everything secure-mcp takes from it. */
export interface SdkLine {
  readonly id: SdkLineId;
  readonly version: string;
  createServer(
    info: { name: string; version: string },
    options: { capabilities: Record<string, unknown>; instructions?: string },
  ): LineServer;
  /** An error the SDK answers as a JSON-RPC error with this code (1.x `McpError`, 2.x `ProtocolError`). */
  protocolError(code: number, message: string, data?: unknown): Error;
  /** Whether `error` is such an error, from either constructor of this line. */
  isProtocolError(error: unknown): error is Error & { code: number; data?: unknown };
  /** Two transports linked to each other in memory (server side, client side). */
  inMemoryPair(): [LineTransport, LineTransport];
}
