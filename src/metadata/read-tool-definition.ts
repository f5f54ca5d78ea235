import { StartupError } from '../errors';
import {
  AUDIT,
  EGRESS,
  FIELD_DESCRIPTIONS,
  IAM_POLICIES,
  INJECT_PARAMS,
  RATE_LIMITS,
  READ_ONLY,
  SCOPES,
  SECRET_PARAMS,
  SENSITIVE_FIELDS,
  TOOL_OPTIONS,
} from './keys';
import type { Class, ToolDefinition, ToolHandler, ToolOptions } from './types';

export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,64}$/;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** True when the class carries `@Tool`. */
export function isToolClass(target: unknown): target is Class<ToolHandler> {
  return typeof target === 'function' && Reflect.hasOwnMetadata(TOOL_OPTIONS, target);
}

/**
 * Reads every decorator of a tool class into one {@link ToolDefinition}, checking what can be checked
 * without the container. Throws {@link StartupError} naming the class.
 */
export function readToolDefinition(target: Class): ToolDefinition {
  const options: ToolOptions | undefined = Reflect.getOwnMetadata(TOOL_OPTIONS, target);
  const className = target.name || '<anonymous class>';
  if (!options) throw new StartupError(`${className} is not a tool: add @Tool({ name, description, input })`);
  if (typeof options.name !== 'string' || !TOOL_NAME_PATTERN.test(options.name)) {
    throw new StartupError(
      `${className}: invalid tool name ${JSON.stringify(String(options.name)).slice(0, 80)}; ` +
        'use 1-64 letters, digits, "_", "-" or "."',
    );
  }
  if (typeof options.description !== 'string' || options.description.trim() === '') {
    throw new StartupError(`${className} (tool "${options.name}"): a description is required`);
  }
  if (typeof options.input !== 'function') {
    throw new StartupError(
      `${className} (tool "${options.name}"): missing input DTO; set @Tool({ input: SomeDto })`,
    );
  }
  if (typeof target.prototype?.execute !== 'function') {
    throw new StartupError(`${className} (tool "${options.name}"): missing execute(input, ctx) method`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new StartupError(`${className} (tool "${options.name}"): timeoutMs must be a positive number`);
  }
  const readOnly = Reflect.getOwnMetadata(READ_ONLY, target) === true;
  return {
    target,
    name: options.name,
    description: options.description,
    title: options.title,
    input: options.input,
    output: options.output,
    timeoutMs,
    annotations: {
      ...options.annotations,
      ...(options.title ? { title: options.title } : {}),
      readOnlyHint: readOnly,
    },
    readOnly,
    rateLimits: Reflect.getOwnMetadata(RATE_LIMITS, target) ?? [],
    audit: Reflect.getOwnMetadata(AUDIT, target),
    secrets: Reflect.getOwnMetadata(SECRET_PARAMS, target) ?? [],
    injectTokens: Reflect.getOwnMetadata(INJECT_PARAMS, target) ?? new Map(),
    paramTypes: Reflect.getOwnMetadata('design:paramtypes', target) ?? [],
    scopes: Reflect.getOwnMetadata(SCOPES, target) ?? [],
    iam: Reflect.getOwnMetadata(IAM_POLICIES, target) ?? [],
    egress: Reflect.getOwnMetadata(EGRESS, target),
  };
}

/** Names of the DTO fields marked `@Sensitive()`, including inherited ones. */
export function readSensitiveFields(dto: Class): string[] {
  const fields = new Set<string>();
  for (
    let c: unknown = dto;
    typeof c === 'function' && c !== Function.prototype;
    c = Object.getPrototypeOf(c)
  ) {
    for (const f of (Reflect.getOwnMetadata(SENSITIVE_FIELDS, c) as string[] | undefined) ?? [])
      fields.add(f);
  }
  return [...fields];
}

/** Field descriptions from `@Description`, including inherited ones. */
export function readFieldDescriptions(dto: Class): Record<string, string> {
  const chain: Record<string, string>[] = [];
  for (
    let c: unknown = dto;
    typeof c === 'function' && c !== Function.prototype;
    c = Object.getPrototypeOf(c)
  ) {
    chain.unshift(Reflect.getOwnMetadata(FIELD_DESCRIPTIONS, c) ?? {});
  }
  return Object.assign({}, ...chain);
}
