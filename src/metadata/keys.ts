import 'reflect-metadata';

/**
 * Every metadata key the decorators write, in one place. Decorators only write these; `src/metadata/`
 * is the only reader.
 */
export const TOOL_OPTIONS = 'secure-mcp:tool';
export const READ_ONLY = 'secure-mcp:read-only';
export const CONFIRM = 'secure-mcp:confirm';
export const RATE_LIMITS = 'secure-mcp:rate-limits';
export const AUDIT = 'secure-mcp:audit';
export const SECRET_PARAMS = 'secure-mcp:secret-params';
export const INJECT_PARAMS = 'secure-mcp:inject-params';
export const SENSITIVE_FIELDS = 'secure-mcp:sensitive-fields';
export const FIELD_DESCRIPTIONS = 'secure-mcp:field-descriptions';
export const IAM_POLICIES = 'secure-mcp:iam-policies';
export const SCOPES = 'secure-mcp:scopes';
export const EGRESS = 'secure-mcp:egress';
export const RESOURCE_OPTIONS = 'secure-mcp:resource';
export const PROMPT_OPTIONS = 'secure-mcp:prompt';
export const NULLABLE_FIELDS = 'secure-mcp:nullable-fields';
