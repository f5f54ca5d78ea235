import 'reflect-metadata';

/**
 * secure-mcp public API for tool authors (governance: `secure-mcp/governance`; tests: `secure-mcp/testing`;
 * embedding: `secure-mcp/integration`).
 */
export { Tool } from './decorators/tool';
export { Resource } from './decorators/resource';
export { Prompt } from './decorators/prompt';
export { Nullable } from './decorators/nullable';
export { ReadOnly } from './decorators/read-only';
export { RateLimit } from './decorators/rate-limit';
export { Audit } from './decorators/audit';
export { Secret } from './decorators/secret';
export { Sensitive } from './decorators/sensitive';
export { Description } from './decorators/description';
export { IamPolicy } from './decorators/iam-policy';
export { Scopes } from './decorators/scopes';
export { Egress } from './decorators/egress';
export { Inject } from './decorators/inject';

export { createServer } from './server/create-server';
export type { SecureMcpServer, ServerOptions } from './server/create-server';
export type { DiscoveryOptions } from './container/discovery';
export type { SdkLineId } from './server/sdk-lines/select-line';
export type { LineTransport as McpTransport, WireMessage as JsonRpcMessage } from './server/sdk-lines/types';
export type {
  AuthInfo,
  MessageExtraInfo,
  RequestId,
  TransportSendOptions,
} from './server/sdk-lines/mcp-types';
export type { ObjectSchema } from './validation/json-schema';
export type { ToolListing, ResourceListing, PromptListing } from './server/runtime-tool';
export type {
  HttpOptions,
  HttpAuthOptions,
  HttpListener,
  IntrospectionOptions,
  ResumabilityOptions,
  SessionStoreOptions,
} from './server/http/options';

export { setting } from './settings/setting';
export { exitOnStartupError } from './startup/exit-on-startup-error';
export type { SettingOptions } from './settings/setting';
export { ToolError, CallDenied, StartupError } from './errors';
export type { ToolContext, ResourceContext, PromptContext, Principal, Progress } from './context';
export { Logger } from './logging/logger';
export type { LoggingOptions } from './logging/logger';
export type { LogTransport, LogEntry } from './logging/log-transport';
export type { TelemetryOptions } from './telemetry';
export type { Container, Provider, Token } from './container/container';
export type { ReadOnlyAware } from './security/read-only-aware';
export type {
  ToolOptions,
  ToolHandler,
  ToolAnnotations,
  ResourceOptions,
  ResourceHandler,
  ListedResource,
  PromptOptions,
  PromptHandler,
  CapabilityKind,
  Icon,
  RateLimitOptions,
  RateLimitKey,
  WindowSpec,
  AuditOptions,
  SecretOptions,
  IamPolicyDeclaration,
  ConfirmOptions,
  Class,
} from './metadata/types';

// Validators for DTO fields (each also exported as a plain function).
export {
  IsSafePath,
  isSafePath,
  IsSafeArg,
  isSafeArg,
  IsSafeUrl,
  isSafeUrl,
  NoControlChars,
  noControlChars,
} from './validation/validators';
export type {
  IsSafePathOptions,
  IsSafeUrlOptions,
  NoControlCharsOptions,
  ValidationOptions,
} from './validation/validators';

// Injectables.
export { SafeFs } from './security/paths/safe-fs';
export type { SafeFsOptions, DirEntry, FileStat } from './security/paths/safe-fs';
export { SafeFetch } from './security/egress/safe-fetch';
export type { CallAbort, SignalAware } from './security/signal-aware';
export { EgressError, type EgressErrorCode } from './security/egress/egress-errors';
export type { NetworkOptions } from './security/egress/network-options';

// Secrets.
export { SecretValue } from './security/secrets/secret-value';
export {
  SecretProviderUnavailable,
  type SecretProvider,
  type SecretContext,
} from './security/secrets/provider';
export type { SecretsOptions } from './security/secrets/resolver';

// Audit and rate-limit options. Policy checks, IAM building and audit verification: `secure-mcp/governance`.
export type { AuditSinkOptions, AuditAnchorOptions, AuditRotateOptions } from './audit';
export type { RateLimitStoreOptions } from './security/rate-limit/types';
export type { RedisConnection, RedisConnectionOptions } from './security/rate-limit/redis-connection';

// Talking to the client during a request: @Confirm and the types of ctx.log / elicit / sample / roots.
export { Confirm } from './decorators/confirm';
export type {
  ClientFeatures,
  ClientLog,
  ClientRoot,
  ElicitOptions,
  ElicitResult,
  LogLevel,
  SamplingMessage,
  SamplingRequest,
  SamplingResult,
} from './client-context';
