import type { ClientFeatures } from './client-context';
import type { Logger } from './logging/logger';

/** Who is calling. Over stdio this is the OS user unless the server sets one; over HTTP the token subject. */
export interface Principal {
  id: string;
  /** OAuth scopes granted to the caller (HTTP transport). */
  scopes?: readonly string[];
  /** Anything else the authentication layer knows (token claims...). */
  claims?: Readonly<Record<string, unknown>>;
}

/** Progress notification sent to the client when it asked for progress. */
export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

/** The second argument of `execute`: everything about the current call. */
export interface ToolContext extends ClientFeatures {
  /** Aborted when the client cancels the call or the tool's timeout fires. Pass it to fetch, streams... */
  readonly signal: AbortSignal;
  readonly principal: Principal;
  readonly sessionId: string;
  readonly requestId: string;
  /** Id of this call's audit record; also the reference shown to the client for internal errors. */
  readonly auditId: string;
  readonly toolName: string;
  /** A child of the server logger carrying tool, requestId and auditId. Writes to stderr/files only. */
  readonly logger: Logger;
  /** Sends `notifications/progress` if the client asked for it; otherwise does nothing. */
  reportProgress(progress: Progress): Promise<void>;
}

/** The `ctx` of a resource's `read`, `list` and `complete`: the same as a tool call's. */
export type ResourceContext = ToolContext;

/** The `ctx` of a prompt's `render` and `complete`: the same as a tool call's. */
export type PromptContext = ToolContext;
