import { StartupError } from '../errors';
import {
  AUDIT,
  EGRESS,
  IAM_POLICIES,
  INJECT_PARAMS,
  PROMPT_OPTIONS,
  RATE_LIMITS,
  READ_ONLY,
  RESOURCE_OPTIONS,
  SCOPES,
  SECRET_PARAMS,
  TOOL_OPTIONS,
} from './keys';
import type { CapabilityDefinition, CapabilityKind, Class, Icon } from './types';

/** Names of tools, resources and prompts. */
export const NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,64}$/;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The decorators every capability kind shares (`@RateLimit`, `@Audit`, `@Scopes`, `@Secret`, `@Inject`...). */
export type SharedFields = Pick<
  CapabilityDefinition,
  | 'readOnly'
  | 'rateLimits'
  | 'audit'
  | 'secrets'
  | 'injectTokens'
  | 'paramTypes'
  | 'scopes'
  | 'iam'
  | 'egress'
>;

/** Reads the shared decorators of a capability class. */
export function readSharedFields(target: Class): SharedFields {
  return {
    readOnly: Reflect.getOwnMetadata(READ_ONLY, target) === true,
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

/** Each kind's decorator: where it keeps its options, and how to add it (said when a class lacks it). */
const DECORATORS: Record<CapabilityKind, { key: string; usage: string }> = {
  tool: { key: TOOL_OPTIONS, usage: '@Tool({ name, description, input })' },
  resource: { key: RESOURCE_OPTIONS, usage: '@Resource({ name, uri })' },
  prompt: { key: PROMPT_OPTIONS, usage: '@Prompt({ name, args })' },
};

/** True when `target` is a class carrying the kind's decorator (`@Tool`, `@Resource`, `@Prompt`) itself. */
export function hasOwnOptions(kind: CapabilityKind, target: unknown): boolean {
  return typeof target === 'function' && Reflect.hasOwnMetadata(DECORATORS[kind].key, target);
}

/**
 * The options the kind's decorator stored on the class, with its checked name and the label start-up errors
 * use. Throws a {@link StartupError} saying how to add the decorator when the class lacks it.
 */
export function readOwnOptions<O extends { name: string }>(
  target: Class,
  kind: CapabilityKind,
): { options: O; name: string; owner: string } {
  const { key, usage } = DECORATORS[kind];
  const options: O | undefined = Reflect.getOwnMetadata(key, target);
  if (!options)
    throw new StartupError(`${target.name || '<anonymous class>'} is not a ${kind}: add ${usage}`);
  const name = checkName(target, kind, options.name);
  return { options, name, owner: ownerLabel(target, kind, name) };
}

/** `ClassName (kind "name")`, how start-up errors name a capability. */
export function ownerLabel(target: Class, kind: CapabilityKind, name: string): string {
  return `${target.name || '<anonymous class>'} (${kind} "${name}")`;
}

/** Checks a capability name; throws a {@link StartupError} naming the class. */
export function checkName(target: Class, kind: CapabilityKind, name: unknown): string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new StartupError(
      `${target.name || '<anonymous class>'}: invalid ${kind} name ${JSON.stringify(String(name)).slice(0, 80)}; ` +
        'use 1-64 letters, digits, "_", "-" or "."',
    );
  }
  return name;
}

/** Checks a time budget (default 30 s). */
export function checkTimeout(owner: string, timeoutMs: number | undefined): number {
  const value = timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(value) || value <= 0) {
    throw new StartupError(`${owner}: timeoutMs must be a positive number`);
  }
  return value;
}

/** Checks that the class implements a method the kind needs. */
export function checkMethod(target: Class, owner: string, method: string, signature: string): void {
  if (typeof target.prototype?.[method] !== 'function') {
    throw new StartupError(`${owner}: missing ${signature} method`);
  }
}

/** `title`, `icons`, `_meta` as given (only the keys that are set). */
export function presentation(options: {
  title?: string;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}): Pick<CapabilityDefinition, 'title' | 'icons' | '_meta'> {
  return {
    ...(options.title ? { title: options.title } : {}),
    ...(options.icons ? { icons: options.icons.map((i) => ({ ...i })) } : {}),
    ...(options._meta ? { _meta: { ...options._meta } } : {}),
  };
}

/** The DTO of a capability that takes no arguments: no fields, so any field sent is refused. */
export class NoArguments {}
