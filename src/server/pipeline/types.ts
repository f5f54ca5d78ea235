import type { CallToolResult, GetPromptResult, ReadResourceResult } from '../sdk-lines/mcp-types';
import type { CallContext } from '../call-context';
import type { AnyRuntime } from '../runtime-tool';
import type { ServerRuntime } from '../server-runtime';

export type { CallToolResult, GetPromptResult, ReadResourceResult };

/**
 * A request on a capability besides its main call (`tools/call`, `resources/read`, `prompts/get`): a completion
 * of a prompt argument or template variable, a resource subscription, or the resources a template's `list()`
 * names in `resources/list`. Each runs its own pipeline (see `OPERATIONS` in `order.ts`), audited with `action`.
 */
export type Operation = 'complete' | 'list' | 'subscribe' | 'unsubscribe';

/** What an operation's pipeline answers (`{ completion }`, `{ resources }`, `{}`). */
export type OperationResult = { [key: string]: unknown };

/** How a call ended, as recorded in the audit log. */
export type Outcome = 'success' | 'failure' | 'error' | 'denied';

/**
 * The state of one `tools/call`, `resources/read` or `prompts/get` as it moves through the pipeline (`tool.kind`
 * tells which). One object per call, never shared.
 */
export interface Call {
  readonly tool: AnyRuntime;
  readonly ctx: CallContext;
  /** `performance.now()` when the call entered the pipeline. */
  readonly startedAt: number;
  /**
   * The raw `arguments` object from the client (untrusted): tool arguments, prompt arguments, or a resource
   * template's variables (replaced by their URI-decoded values by the decoding step).
   */
  args: Record<string, unknown> | undefined;
  /** The URI read (resources only). */
  readonly uri?: string;
  /** Set for an {@link Operation}: the call is that operation, not the capability's main call. */
  readonly operation?: Operation;
  /** What an operation does (its handler's work: ask `complete()`, `list()`, add a subscription); run by `invoke`. */
  readonly perform?: () => unknown;
  /** The validated DTO instance, set by the validation step. */
  input?: object;
  /** What `execute` returned, set by the invoke step. */
  output?: unknown;
  /**
   * The result sent to the client. Set by result mapping or error mapping. Failures of resources and prompts are
   * mapped to an `isError` tool result too; the adapter turns them into a JSON-RPC error.
   */
  result?: CallToolResult | ReadResourceResult | GetPromptResult | OperationResult;
  outcome?: Outcome;
  /** Short reason code for failures and denials (`validation`, `rate-limit`, `timeout`...). */
  reason?: string;
  /** The error that ended the call, if any (never sent to the client as is). */
  error?: unknown;
  /** Set by the telemetry step when the call is traced: told each step's own time (ms, without `next()`). */
  observe?: (step: string, selfMs: number) => void;
}

export type Next = () => Promise<void>;

/** One pipeline step: do its job, then `await next()` to continue (or throw / return to stop the call). */
export type Step = (call: Call, next: Next) => Promise<void>;

/**
 * Builds a tool's step once, at start-up. Returning `undefined` leaves the step out of that tool's pipeline,
 * so a tool pays only for the steps it uses.
 */
export type StepFactory = (
  tool: AnyRuntime,
  server: ServerRuntime,
  /** Set when building an {@link Operation}'s pipeline; steps that depend on it (bucket, audit) read it. */
  operation?: Operation,
) => Step | undefined;
