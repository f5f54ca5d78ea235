/**
 * What secure-mcp uses from an MCP SDK, as one interface that each SDK line implements (line-1.ts for
 * `@modelcontextprotocol/sdk` 1.x, line-2.ts for the split `@modelcontextprotocol/server` 2.x packages).
 * Messages and results are plain JSON-RPC objects on both lines, so only the calls differ.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  CallToolResult,
  EventStore,
  GetPromptResult,
  MessageExtraInfo,
  ReadResourceResult,
  RequestId,
  TransportSendOptions,
} from './mcp-types';
import type { SdkLineId } from './select-line';

/** A JSON-RPC message as it travels over a transport. */
export type WireMessage = { jsonrpc: '2.0' } & Record<string, unknown>;

/** The transport shape both lines accept (structurally the same interface in 1.x and 2.x). */
export interface LineTransport {
  start(): Promise<void>;
  send(message: WireMessage, options?: TransportSendOptions): Promise<void>;
  close(): Promise<void>;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  // Method syntax on purpose: parameters checked bivariantly, so both SDK lines' transports (whose message
  // types are their own zod-inferred unions) are accepted where this one is expected.
  onmessage?(message: WireMessage, extra?: MessageExtraInfo): void;
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
  /** Whether a parsed body is a well-formed `initialize` request (the SDK's own check). */
  isInitializeRequest(body: unknown): body is { params: Record<string, unknown> };
  /** The protocol version a new session gets when the client asks for none it knows, and all it knows. */
  readonly protocolVersions: { readonly latest: string; readonly supported: readonly string[] };
  /**
   * The Streamable HTTP pieces, loaded on first use (a stdio-only server never loads them). Throws a
   * `StartupError` naming the package to install when the line's HTTP package is missing.
   */
  http(): LineHttp;
  /** The SDK's real client, loaded on first use (`secure-mcp/testing`, `secure-mcp call`). */
  client(): LineClientKit;
}

/** Options of one Streamable HTTP server transport (the SDK's, the same on both lines). */
export interface LineHttpTransportOptions {
  /** Undefined: stateless (no session). */
  sessionIdGenerator: (() => string) | undefined;
  onsessioninitialized?: (sessionId: string) => void | Promise<void>;
  onsessionclosed?: (sessionId: string) => void | Promise<void>;
  keepAliveMs?: number;
  eventStore?: EventStore;
  /** `retry:` hint (ms) of each stream's priming event. */
  retryInterval?: number;
}

/** The SDK's Streamable HTTP server transport of one session (or of one stateless request). */
export interface LineHttpTransport extends LineTransport {
  readonly sessionId?: string;
  /** Serves one HTTP request (GET, POST or DELETE); `parsedBody` is the POST's JSON, already read. */
  handleRequest(req: IncomingMessage, res: ServerResponse, parsedBody?: unknown): Promise<void>;
  /** Closes the SSE stream of one request; the client resumes it with `Last-Event-ID`. */
  closeSSEStream(requestId: RequestId): void;
}

/** A line's Streamable HTTP server side. */
export interface LineHttp {
  createTransport(options: LineHttpTransportOptions): LineHttpTransport;
  /**
   * Marks a new transport as serving an existing session (a replica rebuilding a session it never saw). No
   * SDK line has a public way to do this; it sets the transport's session id and initialised flag.
   */
  adoptSession(transport: LineHttpTransport, sessionId: string): void;
}

/** Handlers for the requests a server sends to the in-memory test client (method → answer). */
export type LineClientHandlers = Partial<
  Record<'elicitation/create' | 'sampling/createMessage' | 'roots/list', (params: unknown) => Promise<object>>
>;

/** What `secure-mcp/testing` and `secure-mcp call` take from a line's client package. */
export interface LineClientKit {
  /** The package the client comes from. */
  readonly package: string;
  /** A real SDK `Client` with these capabilities, answering server→client requests with `handlers`. */
  createClient(
    info: { name: string; version: string },
    capabilities: Record<string, unknown>,
    handlers?: LineClientHandlers,
  ): SdkClient;
  /** `tools/call` with per-call options (1.x takes a result schema before them, 2.x does not). */
  callTool(
    client: SdkClient,
    params: { name: string; arguments?: Record<string, unknown> },
    options?: ClientRequestOptions,
  ): Promise<CallToolResult>;
  /** Handles a notification from the server by method (`notifications/message`, ...). */
  onNotification(
    client: SdkClient,
    method: string,
    handler: (notification: { method: string; params?: Record<string, unknown> }) => void | Promise<void>,
  ): void;
  /** The SDK's stdio client transport, spawning `command`. */
  stdioTransport(options: {
    command: string;
    args: string[];
    cwd: string;
    env: Record<string, string>;
  }): LineTransport & { readonly stderr: import('node:stream').Stream | null };
}

/** What every list result (`tools/list`, `prompts/list`...) carries besides its items: the next page cursor. */
export interface ListPage {
  nextCursor?: string;
  _meta?: Record<string, unknown>;
}

/** One tool as `tools/list` shows it. */
export interface ToolListEntry {
  name: string;
  title?: string;
  description?: string;
  inputSchema: {
    type: 'object';
    properties?: Record<string, object>;
    required?: string[];
    [key: string]: unknown;
  };
  outputSchema?: {
    type: 'object';
    properties?: Record<string, object>;
    required?: string[];
    [key: string]: unknown;
  };
  annotations?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Per-request options of an SDK client call. */
export interface ClientRequestOptions {
  signal?: AbortSignal;
  timeout?: number;
  /** Called with each `notifications/progress` of the request. */
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
  [option: string]: unknown;
}

/**
 * The SDK `Client` (1.x `@modelcontextprotocol/sdk` or 2.x `@modelcontextprotocol/client`) as secure-mcp's
 * test kit exposes it: the calls that are the same on both lines. The object is the SDK's own client.
 */
export interface SdkClient {
  connect(transport: LineTransport): Promise<void>;
  close(): Promise<void>;
  /** Calls a tool. (On 1.x the second argument is a result schema, so use the test kit's `callTool`.) */
  callTool(
    params: { name: string; arguments?: Record<string, unknown> },
    ...rest: unknown[]
  ): Promise<CallToolResult>;
  listTools(params?: object, options?: ClientRequestOptions): Promise<ListPage & { tools: ToolListEntry[] }>;
  listResources(
    params?: object,
    options?: ClientRequestOptions,
  ): Promise<ListPage & { resources: Array<Record<string, unknown>> }>;
  listResourceTemplates(
    params?: object,
    options?: ClientRequestOptions,
  ): Promise<ListPage & { resourceTemplates: Array<Record<string, unknown>> }>;
  readResource(params: { uri: string }, options?: ClientRequestOptions): Promise<ReadResourceResult>;
  subscribeResource(params: { uri: string }, options?: ClientRequestOptions): Promise<object>;
  unsubscribeResource(params: { uri: string }, options?: ClientRequestOptions): Promise<object>;
  listPrompts(
    params?: object,
    options?: ClientRequestOptions,
  ): Promise<ListPage & { prompts: Array<Record<string, unknown>> }>;
  getPrompt(
    params: { name: string; arguments?: Record<string, string> },
    options?: ClientRequestOptions,
  ): Promise<GetPromptResult>;
  complete(
    params: object,
    options?: ClientRequestOptions,
  ): Promise<{ completion: { values: string[]; total?: number; hasMore?: boolean } }>;
  setLoggingLevel(
    level: 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency',
    options?: ClientRequestOptions,
  ): Promise<object>;
  getServerCapabilities(): Record<string, unknown> | undefined;
  sendRootsListChanged(): Promise<void>;
  ping(options?: ClientRequestOptions): Promise<object>;
}
