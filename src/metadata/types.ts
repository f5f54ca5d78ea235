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

/** An icon a client may show next to a tool, resource or prompt (MCP `icons`). */
export interface Icon {
  src: string;
  mimeType?: string;
  sizes?: string[];
  theme?: 'light' | 'dark';
}

/** Options of `@Tool`. */
export interface ToolOptions {
  /** Tool name as clients see it: `^[a-zA-Z0-9_.-]{1,64}$`, unique in a server. */
  name: string;
  description: string;
  /**
   * The input DTO class: yields `inputSchema`, validates arguments, is what `execute` receives. Leave it out
   * for a tool without arguments.
   */
  input?: Class;
  /** Optional output DTO: yields `outputSchema`; `structuredContent` is validated against it. */
  output?: Class;
  title?: string;
  /** Per-call time budget; `ctx.signal` aborts when it runs out. Default 30 000. */
  timeoutMs?: number;
  annotations?: ToolAnnotations;
  /** Icons passed through to `tools/list`. */
  icons?: Icon[];
  /** Extra metadata passed through to `tools/list` as `_meta`. */
  _meta?: Record<string, unknown>;
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

/** What a class serves: a tool (`tools/call`), a resource (`resources/read`) or a prompt (`prompts/get`). */
export type CapabilityKind = 'tool' | 'resource' | 'prompt';

/**
 * What every capability class declares through the shared decorators (`@RateLimit`, `@Audit`, `@Scopes`,
 * `@Secret`...). The pipeline steps read only these fields, so one pipeline serves all three kinds.
 */
export interface CapabilityDefinition {
  kind: CapabilityKind;
  target: Class;
  name: string;
  description: string;
  title?: string;
  /** The DTO the client's arguments (tool input, template variables, prompt arguments) are validated into. */
  input: Class;
  timeoutMs: number;
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
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}

/** Everything the decorators said about one tool class, read once at start-up. */
export interface ToolDefinition extends CapabilityDefinition {
  kind: 'tool';
  target: Class<ToolHandler>;
  output?: Class;
  annotations: ToolAnnotations & { readOnlyHint: boolean };
}

/** Options of `@Resource`: exactly one of `uri` (a fixed resource) or `uriTemplate` (RFC 6570, with `params`). */
export interface ResourceOptions {
  /** Unique among the server's resources: `^[a-zA-Z0-9_.-]{1,64}$`. */
  name: string;
  /** A fixed URI, e.g. `docs://index`. */
  uri?: string;
  /** An RFC 6570 template, e.g. `docs://files/{+path}`; its variables are validated as `params`. */
  uriTemplate?: string;
  /** The DTO of the template variables (required with `uriTemplate`): one field per variable. */
  params?: Class;
  description?: string;
  title?: string;
  mimeType?: string;
  /** Size in bytes shown in `resources/list` (fixed resources). */
  size?: number;
  /** Time budget of one read. Default 30 000. */
  timeoutMs?: number;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
  annotations?: { audience?: Array<'user' | 'assistant'>; priority?: number; lastModified?: string };
}

/** One entry of `resources/list` returned by a template's `list(ctx)`. */
export interface ListedResource {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
}

/** What a resource class implements: `read` (with the validated params for a template), `list` and `complete` optionally. */
export interface ResourceHandler<P = any> {
  read(paramsOrCtx: P | ToolContext, ctx?: ToolContext): unknown;
  list?(ctx: ToolContext): ListedResource[] | Promise<ListedResource[]>;
  complete?(field: string, prefix: string, ctx: ToolContext): string[] | Promise<string[]>;
}

/** Everything the decorators said about one resource class. */
export interface ResourceDefinition extends CapabilityDefinition {
  kind: 'resource';
  target: Class<ResourceHandler>;
  uri?: string;
  uriTemplate?: string;
  /** `params` was given (a template): `read(params, ctx)`; otherwise `read(ctx)`. */
  hasParams: boolean;
  mimeType?: string;
  size?: number;
  annotations?: ResourceOptions['annotations'];
}

/** Options of `@Prompt`. */
export interface PromptOptions {
  /** Unique among the server's prompts: `^[a-zA-Z0-9_.-]{1,64}$`. */
  name: string;
  description?: string;
  title?: string;
  /** The DTO of the prompt's arguments (strings, as MCP prompts take); omitted: no arguments. */
  args?: Class;
  timeoutMs?: number;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}

/** What a prompt class implements: `render` returns a string, messages, or `{ description?, messages }`. */
export interface PromptHandler<A = any> {
  render(args: A, ctx: ToolContext): unknown;
  complete?(field: string, prefix: string, ctx: ToolContext): string[] | Promise<string[]>;
}

/** Everything the decorators said about one prompt class. */
export interface PromptDefinition extends CapabilityDefinition {
  kind: 'prompt';
  target: Class<PromptHandler>;
}

/** Any capability definition. */
export type AnyDefinition = ToolDefinition | ResourceDefinition | PromptDefinition;
