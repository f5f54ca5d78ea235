import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CallContext } from '../call-context';
import type { RuntimeTool } from '../runtime-tool';
import type { ServerRuntime } from '../server-runtime';

export type { CallToolResult };

/** How a call ended, as recorded in the audit log. */
export type Outcome = 'success' | 'failure' | 'error' | 'denied';

/** The state of one `tools/call` as it moves through the pipeline. One object per call, never shared. */
export interface Call {
  readonly tool: RuntimeTool;
  readonly ctx: CallContext;
  /** `performance.now()` when the call entered the pipeline. */
  readonly startedAt: number;
  /** The raw `arguments` object from the client (untrusted). */
  readonly args: Record<string, unknown> | undefined;
  /** The validated DTO instance, set by the validation step. */
  input?: object;
  /** What `execute` returned, set by the invoke step. */
  output?: unknown;
  /** The result sent to the client. Set by result mapping or error mapping. */
  result?: CallToolResult;
  outcome?: Outcome;
  /** Short reason code for failures and denials (`validation`, `rate-limit`, `timeout`...). */
  reason?: string;
  /** The error that ended the call, if any (never sent to the client as is). */
  error?: unknown;
}

export type Next = () => Promise<void>;

/** One pipeline step: do its job, then `await next()` to continue (or throw / return to stop the call). */
export type Step = (call: Call, next: Next) => Promise<void>;

/**
 * Builds a tool's step once, at start-up. Returning `undefined` leaves the step out of that tool's pipeline,
 * so a tool pays only for the steps it uses.
 */
export type StepFactory = (tool: RuntimeTool, server: ServerRuntime) => Step | undefined;
