import 'reflect-metadata';

/**
 * secure-mcp/governance: what reviewers, CI and the `secure-mcp` CLI use to check a server — team policy
 * loading and checking, IAM policy building, audit log verification and the metadata readers. Tool authors
 * need only the main `secure-mcp` entry.
 */
export { readToolDefinition, isToolClass } from '../metadata/read-tool-definition';
export { readResourceDefinition, isResourceClass } from '../metadata/read-resource-definition';
export { readPromptDefinition, isPromptClass } from '../metadata/read-prompt-definition';
export { registeredToolClasses, registeredClasses } from '../metadata/registry';
export type {
  ToolDefinition,
  ResourceDefinition,
  PromptDefinition,
  CapabilityDefinition,
  CapabilityKind,
  SecretParam,
} from '../metadata/types';
export { dtoToJsonSchema } from '../validation/json-schema';

export { AuditLog, verifyAuditLog } from '../audit';
export type {
  AuditVerifyResult,
  AuditVerifyOptions,
  AuditProblemCode,
  AuditLogOptions,
  AuditEntry,
  AuditRecord,
  AuditOutcome,
} from '../audit';
export {
  checkPolicy,
  loadPolicyFile,
  loadProjectPolicy,
  PolicyError,
  LOCKABLE_RULES,
} from '../security/policy';
export type {
  TeamPolicy,
  PolicyViolation,
  PolicyToolView,
  LoadedPolicy,
  FailOn,
  LockableRule,
  PolicyWeakening,
} from '../security/policy';
export { buildIamPolicy, IamPolicyError } from '../security/iam';
export type { IamPolicyDocument, IamStatement, IamProblem, ToolIamDeclarations } from '../security/iam';

// Types of the main entry that the signatures above use (the same declarations as `secure-mcp`'s).
export type {
  AuditAnchorOptions,
  AuditOptions,
  AuditRotateOptions,
  AuditSinkOptions,
  Class,
  ClientFeatures,
  ClientLog,
  ClientRoot,
  ElicitOptions,
  ElicitResult,
  IamPolicyDeclaration,
  Icon,
  ListedResource,
  LogEntry,
  Logger,
  LogTransport,
  ObjectSchema,
  Principal,
  Progress,
  PromptHandler,
  RateLimitKey,
  RateLimitOptions,
  ResourceHandler,
  ResourceOptions,
  SamplingMessage,
  SamplingRequest,
  SamplingResult,
  SecretOptions,
  ToolAnnotations,
  ToolContext,
  ToolHandler,
  WindowSpec,
} from '../index';
