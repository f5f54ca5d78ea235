import { StartupError } from '../errors';
import { FIELD_DESCRIPTIONS, NULLABLE_FIELDS, SENSITIVE_FIELDS } from './keys';
import {
  checkMethod,
  checkTimeout,
  DEFAULT_TIMEOUT_MS,
  hasOwnOptions,
  NAME_PATTERN,
  presentation,
  readOwnOptions,
  readSharedFields,
} from './read-common';
import { checkTypeMetadata } from './decorator-setup';
import { NoArguments } from './no-arguments';
import type { Class, ToolDefinition, ToolHandler, ToolOptions } from './types';

export const TOOL_NAME_PATTERN = NAME_PATTERN;
export { DEFAULT_TIMEOUT_MS };

/** True when the class carries `@Tool`. */
export function isToolClass(target: unknown): target is Class<ToolHandler> {
  return hasOwnOptions('tool', target);
}

/**
 * Reads every decorator of a tool class into one {@link ToolDefinition}, checking what can be checked
 * without the container. Throws {@link StartupError} naming the class.
 */
export function readToolDefinition(target: Class): ToolDefinition {
  const { options, name, owner } = readOwnOptions<ToolOptions>(target, 'tool');
  if (typeof options.description !== 'string' || options.description.trim() === '') {
    throw new StartupError(`${owner}: a description is required`);
  }
  if (options.input !== undefined && typeof options.input !== 'function') {
    throw new StartupError(
      `${owner}: input must be a DTO class; set @Tool({ input: SomeDto }) or leave it out`,
    );
  }
  checkMethod(target, owner, 'execute', 'execute(input, ctx)');
  const timeoutMs = checkTimeout(owner, options.timeoutMs);
  const shared = readSharedFields(target);
  checkTypeMetadata(target, owner, shared);
  return {
    kind: 'tool',
    target,
    name,
    description: options.description,
    ...presentation(options),
    input: options.input ?? NoArguments,
    output: options.output,
    timeoutMs,
    annotations: {
      ...options.annotations,
      ...(options.title ? { title: options.title } : {}),
      readOnlyHint: shared.readOnly,
    },
    ...shared,
  };
}

/** Names of the DTO fields marked `@Sensitive()`, including inherited ones. */
export function readSensitiveFields(dto: Class): string[] {
  return readFieldList(dto, SENSITIVE_FIELDS);
}

/** Names of the DTO fields marked `@Nullable()`, including inherited ones. */
export function readNullableFields(dto: Class): string[] {
  return readFieldList(dto, NULLABLE_FIELDS);
}

function readFieldList(dto: Class, key: string): string[] {
  const fields = new Set<string>();
  for (
    let c: unknown = dto;
    typeof c === 'function' && c !== Function.prototype;
    c = Object.getPrototypeOf(c)
  ) {
    for (const f of (Reflect.getOwnMetadata(key, c) as string[] | undefined) ?? []) fields.add(f);
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
