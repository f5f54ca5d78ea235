import type { ToolContext } from '../context';

/** Any class. */
export type Class<T = any> = new (...args: any[]) => T;

/** MCP tool annotations (hints for clients; `readOnlyHint` comes from `@ReadOnly`). */
export interface ToolAnnotations {
  title?: string;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** Options of `@Tool`. */
export interface ToolOptions {
  /** Tool name as clients see it: `^[a-zA-Z0-9_.-]{1,64}$`, unique in a server. */
  name: string;
  description: string;
  /** The input DTO class: yields `inputSchema`, validates arguments, is what `execute` receives. */
  input: Class;
  /** Optional output DTO: yields `outputSchema`; `structuredContent` is validated against it. */
  output?: Class;
  title?: string;
  /** Per-call time budget; `ctx.signal` aborts when it runs out. Default 30 000. */
  timeoutMs?: number;
  annotations?: ToolAnnotations;
}

/** What a tool class must implement. */
export interface ToolHandler<I = any> {
  execute(input: I, ctx: ToolContext): unknown;
}

/** A rate-limit window: milliseconds, or a string such as `'500ms'`, `'10s'`, `'1m'`, `'1h'`, `'1d'`. */
export type WindowSpec = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

/** Whose calls share one rate-limit bucket. */
export type RateLimitKey = 'principal' | 'session' | 'tool' | ((ctx: ToolContext) => string);

/** Options of `@RateLimit` (stackable). */
export interface RateLimitOptions {
  /** Calls allowed per window. */
  limit: number;
  window: WindowSpec;
  /** Default `principal`. */
  by?: RateLimitKey;
  /** Points one call consumes. Default 1. */
  cost?: number;
}

/** Options of `@Audit`. */
export interface AuditOptions {
  /** Record arguments (redacted and capped). Default true. */
  args?: boolean;
}

/** Options of `@Confirm`. */
export interface ConfirmOptions {
  /**
   * What to do when the client cannot ask the human (no form elicitation): `'refuse'` (default) or `'allow'`
   * the call unconfirmed (audited with reason `confirm-skipped`).
   */
  ifUnsupported?: 'refuse' | 'allow';
  /** How long to wait for the human's answer, in ms; no answer refuses the call. Default 120 000. */
  timeoutMs?: number;
}

/** One `@Confirm` declaration, as {@link readConfirm} returns it. */
export interface ConfirmDeclaration extends ConfirmOptions {
  /** Shown to the human; `{field}` quotes a validated, non-`@Sensitive` input field. */
  message: string;
}

/** Options of `@Secret`. */
export interface SecretOptions {
  /** Only ask this provider (by its `name`). */
  provider?: string;
  /** Inject `undefined` instead of failing start-up when the secret is missing. */
  optional?: boolean;
}

/** One `@Secret` constructor parameter. */
export interface SecretParam extends SecretOptions {
  index: number;
  name: string;
}

/** One `@IamPolicy` declaration. */
export interface IamPolicyDeclaration {
  actions: string[];
  resources: string[];
  /** Allow `*` in actions or resources; requires `reason`. */
  allowWildcard?: boolean;
  reason?: string;
}

/** Everything the decorators said about one tool class, read once at start-up. */
export interface ToolDefinition {
  target: Class<ToolHandler>;
  name: string;
  description: string;
  title?: string;
  input: Class;
  output?: Class;
  timeoutMs: number;
  annotations: ToolAnnotations & { readOnlyHint: boolean };
  readOnly: boolean;
  rateLimits: RateLimitOptions[];
  /** `undefined` when the tool has no `@Audit` (denials are still audited). */
  audit?: AuditOptions;
  secrets: SecretParam[];
  /** Constructor parameter index → explicit DI token from `@Inject`. */
  injectTokens: Map<number, unknown>;
  /** Constructor parameter types from `design:paramtypes`. */
  paramTypes: unknown[];
  scopes: string[];
  iam: IamPolicyDeclaration[];
  /** Hosts this tool may reach through SafeFetch (`undefined`: the server's allowlist). */
  egress?: string[];
}
