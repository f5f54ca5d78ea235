/**
 * What a server can ask of its client during a request (`ctx.log`, `ctx.elicit`, `ctx.sample`, `ctx.roots`):
 * the types shared by the contexts of tools, resources and prompts.
 */
/** Levels of `notifications/message`, lowest first (RFC 5424, as MCP names them). */
export type LogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';

/**
 * `ctx.log`: messages for the client (`notifications/message`, only at or above the level the client set
 * with `logging/setLevel`; none before it sets one) and for the server log. Known secrets are scrubbed and the
 * call's `@Sensitive` argument values redacted before anything leaves.
 */
export interface ClientLog {
  debug(message: string, data?: unknown): Promise<void>;
  info(message: string, data?: unknown): Promise<void>;
  notice(message: string, data?: unknown): Promise<void>;
  warning(message: string, data?: unknown): Promise<void>;
  error(message: string, data?: unknown): Promise<void>;
}

/** What `ctx.elicit` resolves to: the human's validated answer, or their refusal. */
export type ElicitResult<T> = { action: 'accept'; content: T } | { action: 'decline' | 'cancel' };

/** Options of `ctx.elicit`. */
export interface ElicitOptions {
  /** How long to wait for the human, in ms. Default: until `ctx.signal` aborts (the tool's timeout). */
  timeoutMs?: number;
}

/** A message of a sampling request or result (MCP `SamplingMessage`, text/image/audio content). */
export interface SamplingMessage {
  role: 'user' | 'assistant';
  content:
    | { type: 'text'; text: string }
    | { type: 'image'; data: string; mimeType: string }
    | { type: 'audio'; data: string; mimeType: string };
}

/** What `ctx.sample` sends as `sampling/createMessage` (a subset of the MCP request params). */
export interface SamplingRequest {
  messages: SamplingMessage[];
  maxTokens: number;
  systemPrompt?: string;
  temperature?: number;
  stopSequences?: string[];
  modelPreferences?: {
    hints?: Array<{ name?: string }>;
    costPriority?: number;
    speedPriority?: number;
    intelligencePriority?: number;
  };
  /** How long to wait for the client, in ms. Default: until `ctx.signal` aborts. */
  timeoutMs?: number;
}

/** The client's answer to `sampling/createMessage`. */
export interface SamplingResult {
  role: 'user' | 'assistant';
  content: SamplingMessage['content'];
  model: string;
  stopReason?: string;
}

/** One of the client's roots (`roots/list`). */
export interface ClientRoot {
  /** A `file://` URI. */
  uri: string;
  name?: string;
}

/**
 * What a server can ask of the client during a request, shared by tools, resources and prompts. Each
 * request is audited (a record linked to the request's `auditId`), its payload scrubbed, and aborted with
 * `ctx.signal`; each fails with a clear `ToolError` when the client lacks the capability.
 */
export interface ClientFeatures {
  readonly log: ClientLog;
  /**
   * Asks the human for input through the client (`elicitation/create`). `Dto` yields the flat
   * `requestedSchema` (primitive fields only: string, number, integer, boolean, enum) and validates the
   * answer; `content` is an instance of it.
   */
  elicit<T extends object>(
    dto: new () => T,
    message: string,
    options?: ElicitOptions,
  ): Promise<ElicitResult<T>>;
  /** Asks the client's model for a completion (`sampling/createMessage`); rate limited per principal. */
  sample(request: SamplingRequest): Promise<SamplingResult>;
  /** The client's roots (`roots/list`), as last reported (refreshed on `notifications/roots/list_changed`). */
  roots(): Promise<ClientRoot[]>;
  /** Whether the client declared the capability (e.g. to offer a fallback before calling `elicit`). */
  clientSupports(capability: 'elicitation' | 'sampling' | 'roots'): boolean;
}
