/**
 * The MCP shapes secure-mcp's own code and its published types use, written here rather than imported from
 * an SDK: both SDK lines are optional peer dependencies, so a declaration file that named one of them would
 * not compile in a project that installed only the other. They describe the wire (plain JSON-RPC objects),
 * which is the same on both lines; an SDK object is accepted wherever one of these is expected.
 */
import type { LineTransport, WireMessage } from './types';

/** A JSON-RPC request id. */
export type RequestId = string | number;

/** One JSON-RPC 2.0 message (request, notification, result or error). */
export type JSONRPCMessage = WireMessage;

/** An MCP transport (the SDK `Transport` interface; both lines' transports fit it). */
export type { LineTransport as Transport };

/** Options a server passes with an outgoing message (the request it answers or belongs to). */
export interface TransportSendOptions {
  relatedRequestId?: RequestId;
  resumptionToken?: string;
  onresumptiontoken?: (token: string) => void;
}

/** What a transport hands along with an incoming message. */
export interface MessageExtraInfo {
  /** The validated token of an HTTP request. */
  authInfo?: AuthInfo;
  /** 1.x: the HTTP request's headers and URL. */
  requestInfo?: object;
  /** 2.x: the HTTP request. */
  request?: object;
  /** Streamable HTTP: closes this request's SSE stream (the client resumes it). */
  closeSSEStream?: () => void;
  closeStandaloneSSEStream?: () => void;
}

/** A validated access token as the SDK hands it to request handlers (`extra.authInfo`). */
export interface AuthInfo {
  token: string;
  clientId: string;
  scopes: string[];
  /** Seconds since the epoch. */
  expiresAt?: number;
  resource?: URL;
  extra?: Record<string, unknown>;
}

/** RFC 9728 OAuth 2.0 protected-resource metadata (the members this server publishes, and the others). */
export interface OAuthProtectedResourceMetadata {
  resource: string;
  authorization_servers?: string[];
  scopes_supported?: string[];
  bearer_methods_supported?: string[];
  [member: string]: unknown;
}

/** What a client declared it can do (`initialize`). */
export interface ClientCapabilities {
  elicitation?: { form?: object; url?: object } & Record<string, unknown>;
  sampling?: Record<string, unknown>;
  roots?: { listChanged?: boolean };
  experimental?: Record<string, unknown>;
  [capability: string]: unknown;
}

/** Where a Streamable HTTP transport keeps the SSE events of its streams for replay (`Last-Event-ID`). */
export interface EventStore {
  storeEvent(streamId: string, message: JSONRPCMessage): Promise<string>;
  getStreamIdForEventId?(eventId: string): Promise<string | undefined>;
  replayEventsAfter(
    lastEventId: string,
    handlers: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string>;
}

/** Hints on a content block: who it is for, how important, when it last changed. */
export interface ContentAnnotations {
  audience?: Array<'user' | 'assistant'>;
  /** 0 (least) to 1 (most important). */
  priority?: number;
  /** An RFC 3339 date-time. */
  lastModified?: string;
}

/** Text or binary contents of a resource. */
export type ResourceContents = { uri: string; mimeType?: string; _meta?: Record<string, unknown> } & (
  { text: string } | { blob: string }
);

/** One content block of a tool result or a prompt message. */
export type ContentBlock = { _meta?: Record<string, unknown>; annotations?: ContentAnnotations } & (
  | { type: 'text'; text: string }
  | { type: 'image' | 'audio'; data: string; mimeType: string }
  | { type: 'resource'; resource: ResourceContents }
  | {
      type: 'resource_link';
      uri: string;
      name: string;
      title?: string;
      description?: string;
      mimeType?: string;
      size?: number;
    }
);

/** The result of `tools/call`. */
export interface CallToolResult {
  _meta?: Record<string, unknown>;
  content: ContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  [key: string]: unknown;
}

/** The result of `resources/read`. */
export interface ReadResourceResult {
  _meta?: Record<string, unknown>;
  contents: ResourceContents[];
  [key: string]: unknown;
}

/** The result of `prompts/get`. */
export interface GetPromptResult {
  _meta?: Record<string, unknown>;
  description?: string;
  messages: Array<{ role: 'user' | 'assistant'; content: ContentBlock }>;
  [key: string]: unknown;
}
