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
export type { ToolDefinition, ResourceDefinition, PromptDefinition } from '../metadata/types';
export { dtoToJsonSchema } from '../validation/json-schema';

export { AuditLog, verifyAuditLog } from '../audit';
export type { AuditVerifyResult } from '../audit';
export { checkPolicy, loadPolicyFile, loadProjectPolicy, PolicyError } from '../security/policy';
export type { TeamPolicy, PolicyViolation } from '../security/policy';
export { buildIamPolicy, IamPolicyError } from '../security/iam';
export type { IamPolicyDocument } from '../security/iam';
