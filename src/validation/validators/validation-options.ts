import type { ValidationOptions as ClassValidatorOptions } from 'class-validator';

/**
 * Options every validator decorator of secure-mcp takes (`@IsSafePath({...}, { message: '...' })`): the part of
 * class-validator's options a DTO needs, so the signature does not depend on class-validator's types.
 */
export interface ValidationOptions {
  /**
   * Replaces the default message. A function gets the names of the failing property and of the DTO class,
   * never the value (so a message cannot echo it by accident; `$value` is not expanded either).
   */
  message?: string | ((args: { property: string; targetName: string }) => string);
  /** The value is an array (or Set/Map) and every item is checked. */
  each?: boolean;
  /** Validation groups this check belongs to (class-validator `groups`). */
  groups?: string[];
}

// class-validator replaces `$value` in messages with the raw input; a denial must not echo it.
const noValue = (message: string): string => message.replace(/\$value/g, 'the value');

/** The class-validator options for ours: the message function sees names only, and `$value` is not expanded. */
export function toClassValidator(options: ValidationOptions | undefined): ClassValidatorOptions | undefined {
  if (!options) return undefined;
  const { message, each, groups } = options;
  return {
    each,
    groups,
    message:
      typeof message === 'function'
        ? (args) => noValue(message({ property: args.property, targetName: args.targetName }))
        : message === undefined
          ? undefined
          : noValue(message),
  };
}
