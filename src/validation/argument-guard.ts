import { CallDenied } from '../errors';

/** Limits applied to raw tool arguments before anything else reads them. */
export interface ArgumentLimits {
  /** Approximate JSON size in bytes (string lengths, keys, numbers). Default 1 MiB. */
  maxBytes: number;
  /** Nesting depth of objects and arrays. Default 64. */
  maxDepth: number;
  /** Keys of any one object. Default 1,000. */
  maxObjectKeys: number;
  /** Keys of all objects together. Default 10,000. */
  maxKeys: number;
  /** Items of any one array. Default 10,000. */
  maxArrayItems: number;
  /** Items of all arrays together. Default 20,000. */
  maxItems: number;
}

/**
 * Counts are capped because libraries behind the guard do quadratic work on them: class-transformer
 * de-duplicates an object's keys pairwise (100,000 keys, well under 1 MiB, stall the event loop for seconds
 * before any later check can refuse), class-validator's `@ArrayUnique()` compares items pairwise (100,000
 * strings: 5 s). With these caps the worst case is (total / per-one) x per-one^2: about 10 ms for keys and
 * 0.1 s for `@ArrayUnique()` items.
 */
export const DEFAULT_ARGUMENT_LIMITS: ArgumentLimits = {
  maxBytes: 1024 * 1024,
  maxDepth: 64,
  maxObjectKeys: 1000,
  maxKeys: 10_000,
  maxArrayItems: 10_000,
  maxItems: 20_000,
};

// Keys that reach Object.prototype through naive merges or class-transformer; refused at any depth.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks size, depth, key and item counts and dangerous keys of untrusted arguments in one iterative, linear pass (no
 * recursion, so a 10,000-deep object cannot overflow the stack). Throws {@link CallDenied} with a message that
 * names the limit, never the value.
 */
export function guardArguments(args: unknown, limits: ArgumentLimits): void {
  let bytes = 0;
  let keys = 0;
  let items = 0;
  const stack: unknown[] = [args, 1];
  while (stack.length > 0) {
    const depth = stack.pop() as number;
    const value = stack.pop();
    if (typeof value === 'string') {
      bytes += value.length + 2;
    } else if (value !== null && typeof value === 'object') {
      if (depth > limits.maxDepth) {
        throw new CallDenied(
          'argument-depth',
          `arguments are nested deeper than the limit of ${limits.maxDepth} levels`,
        );
      }
      bytes += 2;
      if (Array.isArray(value)) {
        if (value.length > limits.maxArrayItems) {
          throw new CallDenied(
            'argument-items',
            `an array in the arguments has more than the limit of ${limits.maxArrayItems} items`,
          );
        }
        items += value.length;
        if (items > limits.maxItems) {
          throw new CallDenied(
            'argument-items',
            `arguments have more than the limit of ${limits.maxItems} array items in all arrays together`,
          );
        }
        for (let i = 0; i < value.length; i++) stack.push(value[i], depth + 1);
      } else {
        const own = Object.keys(value);
        if (own.length > limits.maxObjectKeys) {
          throw new CallDenied(
            'argument-keys',
            `an object in the arguments has more than the limit of ${limits.maxObjectKeys} keys`,
          );
        }
        keys += own.length;
        if (keys > limits.maxKeys) {
          throw new CallDenied(
            'argument-keys',
            `arguments have more than the limit of ${limits.maxKeys} keys in all objects together`,
          );
        }
        for (const key of own) {
          if (FORBIDDEN_KEYS.has(key)) {
            throw new CallDenied(
              'forbidden-key',
              `arguments must not contain the key "${key}" (prototype pollution)`,
            );
          }
          bytes += key.length + 3;
          stack.push((value as Record<string, unknown>)[key], depth + 1);
        }
      }
    } else {
      bytes += 8;
    }
    if (bytes > limits.maxBytes) {
      throw new CallDenied(
        'argument-size',
        `arguments are larger than the limit of ${limits.maxBytes} bytes`,
      );
    }
  }
}
