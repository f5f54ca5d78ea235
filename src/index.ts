import 'reflect-metadata';

/** secure-mcp public API. */
export { Tool } from './decorators/tool';
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
export type { ToolListing } from './server/runtime-tool';

export { ToolError, CallDenied, StartupError } from './errors';
export type { ToolContext, Principal, Progress } from './context';
export { Logger, createLogger } from './logging/logger';
export type { LoggingOptions } from './logging/logger';
export { createContainer } from './container/container';
export type { Container, Provider, Token } from './container/container';
export type { ReadOnlyAware } from './security/read-only-aware';
export { readToolDefinition, isToolClass } from './metadata/read-tool-definition';
export { registeredToolClasses } from './metadata/registry';
export type {
  ToolOptions,
  ToolDefinition,
  ToolHandler,
  ToolAnnotations,
  RateLimitOptions,
  RateLimitKey,
  WindowSpec,
  AuditOptions,
  SecretOptions,
  IamPolicyDeclaration,
  Class,
} from './metadata/types';
export { dtoToJsonSchema } from './validation/json-schema';
