import { capString, REDACTED } from './cap-string';

/** Options of {@link redactArgs}. */
export interface RedactOptions {
  /**
   * Paths of fields whose value is replaced by `[REDACTED]`: `password` (top level), `billing.card`
   * (nested). Array indexes are transparent: `items.token` matches `items[3].token`.
   */
  sensitive?: readonly string[];
  /** Each string (values and keys) is capped at this many chars, marker included. Default 1024. */
  maxStringLength?: number;
  /** The redacted args must fit in this many bytes of JSON, else they are replaced by a summary. Default 8192. */
  maxBytes?: number;
  /** Deeper values are replaced by `[max depth]`. Default 32. */
  maxDepth?: number;
  /** Replaces known secret values inside a string (the secrets module provides it). */
  scrub?: (s: string) => string;
}

export const DEFAULT_MAX_STRING_LENGTH = 1024;
export const DEFAULT_MAX_ARG_BYTES = 8192;
export const DEFAULT_MAX_DEPTH = 32;
const SUMMARY_KEYS = 32;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Frame = { value: unknown; depth: number; path: string; set: (v: Json) => void };

class OverBudget extends Error {}

/**
 * Returns a JSON-safe copy of tool arguments fit for an audit record: sensitive fields redacted, known
 * secrets scrubbed from every string and key, strings capped, total size capped (replaced by a summary when
 * over). The walk is iterative and stops as soon as the size budget is spent, so 10,000-deep or huge
 * inputs cost little. Objects in the result have no prototype, so a `__proto__` key stays plain data.
 */
export function redactArgs(args: unknown, options: RedactOptions = {}): unknown {
  if (args === undefined) return undefined;
  const maxString = options.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ARG_BYTES;
  const text = (s: string) => capString(options.scrub ? options.scrub(s) : s, maxString);
  try {
    const size = { upper: 0 };
    const result = walk(args, options, text, maxBytes, size);
    // The exact size (one more serialisation) only when the walk's upper bound does not settle it.
    if (size.upper <= maxBytes || Buffer.byteLength(JSON.stringify(result)) <= maxBytes) return result;
  } catch (error) {
    if (!(error instanceof OverBudget)) return '[unreadable args]';
  }
  return summary(args, maxBytes, (s) => capString(options.scrub ? options.scrub(s) : s, 64));
}

// The set of a tool's sensitive paths, built once per list: the pipeline passes the same array on every
// call (`sensitivePaths(dto)`, computed once per tool at start-up, returns it frozen). Only frozen arrays
// are cached: a set built from an array that could still change would miss a path added later.
const sensitiveSets = new WeakMap<readonly string[], ReadonlySet<string>>();
const NONE: ReadonlySet<string> = new Set();

function sensitiveSet(paths: readonly string[] | undefined): ReadonlySet<string> {
  if (!paths || paths.length === 0) return NONE;
  if (!Object.isFrozen(paths)) return new Set(paths);
  let set = sensitiveSets.get(paths);
  if (!set) sensitiveSets.set(paths, (set = new Set(paths)));
  return set;
}

function walk(
  root: unknown,
  options: RedactOptions,
  text: (s: string) => string,
  maxBytes: number,
  size: { upper: number },
): Json {
  const sensitive = sensitiveSet(options.sensitive);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const seen = new WeakSet<object>();
  // A lower bound of the JSON size written so far; once over the cap, stop walking. `size.upper` is an upper
  // bound of the UTF-8 bytes: `extra` covers what escaping and multi-byte characters can add to a string
  // (at most 6 bytes per UTF-16 unit: `\u001f`, a lone surrogate, or 3 bytes of UTF-8).
  let budget = maxBytes;
  const spend = (n: number, extra = 0) => {
    size.upper += n + extra;
    budget -= n;
    if (budget < 0) throw new OverBudget();
  };
  let result: Json = null;
  const stack: Frame[] = [{ value: root, depth: 0, path: '', set: (v) => (result = v) }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { depth, path, set } = frame;
    const value = viaToJSON(frame.value);
    const leaf = toLeaf(value, text);
    if (leaf !== NOT_LEAF) {
      if (typeof leaf === 'string') spend(leaf.length + 3, leaf.length * 5);
      else spend(String(leaf).length + 1);
      set(leaf);
      continue;
    }
    const obj = value as object;
    if (depth >= maxDepth) {
      spend(13);
      set('[max depth]');
      continue;
    }
    if (seen.has(obj)) {
      spend(12);
      set('[circular]');
      continue;
    }
    seen.add(obj);
    const children: Frame[] = [];
    if (Array.isArray(obj)) {
      const out: Json[] = [];
      spend(2);
      for (let i = 0; i < obj.length; i++) {
        spend(1);
        out.push(null);
        children.push({ value: obj[i], depth: depth + 1, path, set: (v) => (out[i] = v) });
      }
      set(out);
    } else {
      const out: { [k: string]: Json } = Object.create(null);
      spend(2);
      for (const key of Object.keys(obj)) {
        const childPath = path ? `${path}.${key}` : key;
        const outKey = text(key);
        spend(outKey.length + 4, outKey.length * 5);
        if (sensitive.has(childPath)) {
          out[outKey] = REDACTED;
          spend(REDACTED.length, 3);
          continue;
        }
        let child: unknown;
        try {
          child = (obj as Record<string, unknown>)[key];
        } catch {
          child = '[unreadable]';
        }
        if (child === undefined || typeof child === 'function' || typeof child === 'symbol') continue;
        out[outKey] = null;
        children.push({ value: child, depth: depth + 1, path: childPath, set: (v) => (out[outKey] = v) });
      }
      set(out);
    }
    // Reverse so that earlier fields are visited (and spend the budget) first.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return result;
}

const NOT_LEAF = Symbol('not a leaf');

/** Converts anything that is not a plain object or array into a JSON value; objects give NOT_LEAF. */
function toLeaf(value: unknown, text: (s: string) => string): Json | typeof NOT_LEAF {
  switch (typeof value) {
    case 'string':
      return text(value);
    case 'number':
      if (!Number.isFinite(value)) return String(value);
      // A numeric secret (a PIN) must not survive as a number either.
      return text(String(value)) === String(value) ? value : REDACTED;
    case 'boolean':
      return value;
    case 'bigint':
      return text(value.toString());
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
  }
  if (value === null) return null;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[binary ${value.byteLength} bytes]`;
  if (value instanceof Map) return `[Map of ${value.size}]`;
  if (value instanceof Set) return `[Set of ${value.size}]`;
  return NOT_LEAF;
}

/** Values that say how they serialise (SecretValue says "[REDACTED]") are asked, as JSON.stringify does. */
function viaToJSON(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(value) : value;
}

/** What replaces args that do not fit: their shape, never their values. */
function summary(args: unknown, maxBytes: number, key: (s: string) => string): Json {
  const type = args === null ? 'null' : Array.isArray(args) ? 'array' : typeof args;
  const out: { [k: string]: Json } = Object.create(null);
  out['[truncated]'] = `args larger than ${maxBytes} bytes`;
  out.type = type;
  try {
    if (Array.isArray(args)) out.length = args.length;
    else if (args !== null && typeof args === 'object') {
      const keys = Object.keys(args);
      out.keyCount = keys.length;
      out.keys = keys.slice(0, SUMMARY_KEYS).map(key);
    }
  } catch {
    // An exotic object (a throwing proxy): the type is all we can say.
  }
  return out;
}
