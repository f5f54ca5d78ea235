import { encodedForms } from './encodings';
import { NeedleIndex } from './needle-index';
import { REDACTED, SecretValue } from './secret-value';

/**
 * Secrets shorter than this are refused at start-up instead of scrubbed: replacing every `abc` or `1234` in
 * tool output would mangle ordinary text (ids, numbers, words), and not replacing them would let them leak.
 * Encoded forms shorter than this are not searched for (they would match by chance).
 */
export const MIN_SECRET_LENGTH = 8;

/** Objects nested deeper than this are replaced, not walked: bounded stack, and nothing unscanned gets out. */
export const MAX_SCRUB_DEPTH = 200;

/**
 * Up to this many searched forms, one native `indexOf` pass per form is fastest; beyond it, one pass over the
 * text with a {@link NeedleIndex} (a message scanned for 100 secrets costs one scan instead of ~400).
 */
const INDEX_OF_MAX_NEEDLES = 24;

/**
 * Replaces known secret values (and their common encodings, see {@link encodedForms}) with `[REDACTED]`.
 * Runs on every tool result, error message, log line and audit record, so it is built for the common case:
 * with no secrets it returns its input at once; with a few secrets it scans the text with native `indexOf` once
 * per searched form, with many it scans the text once with an index of all forms built when a secret is added
 * (no regular expression is built per call); it returns the original string when nothing matched.
 * Overlapping matches are merged, so two secrets that overlap in the text are both fully hidden.
 */
export class Scrubber {
  /** Searched forms, longest first. */
  private needles: string[] = [];
  /** One-pass matcher over all needles, when there are more than {@link INDEX_OF_MAX_NEEDLES}. */
  private index?: NeedleIndex;
  private readonly values = new Set<string>();

  /** Number of secrets known. */
  get size(): number {
    return this.values.size;
  }

  /** Adds a secret value. Throws for values shorter than {@link MIN_SECRET_LENGTH} (see there). */
  add(value: string): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) {
      throw new RangeError(
        `secret values shorter than ${MIN_SECRET_LENGTH} characters cannot be scrubbed reliably`,
      );
    }
    if (this.values.has(value)) return;
    this.values.add(value);
    const all = new Set(this.needles);
    for (const form of encodedForms(value)) if (form.length >= MIN_SECRET_LENGTH) all.add(form);
    this.needles = [...all].sort((a, b) => b.length - a.length);
    this.index =
      this.needles.length > INDEX_OF_MAX_NEEDLES
        ? new NeedleIndex(this.needles, MIN_SECRET_LENGTH)
        : undefined;
  }

  /** `text` with every known value replaced by `[REDACTED]`; the same string when nothing matched. */
  scrub(text: string): string {
    const needles = this.needles;
    if (needles.length === 0 || text.length < MIN_SECRET_LENGTH) return text;
    if (this.index) {
      const found = this.index.find(text);
      return found ? replaceRanges(text, found) : text;
    }
    let ranges: number[] | undefined; // flat [start, end, start, end, ...]
    for (const needle of needles) {
      if (needle.length > text.length) continue;
      let at = text.indexOf(needle);
      while (at !== -1) {
        (ranges ??= []).push(at, at + needle.length);
        at = text.indexOf(needle, at + 1);
      }
    }
    return ranges ? replaceRanges(text, ranges) : text;
  }

  /**
   * A copy of `value` with every string (object keys included) scrubbed; `SecretValue`s become
   * `[REDACTED]`. Parts without secrets are returned as they are (same references), so with nothing to hide
   * the result is `value` itself. Cycles become `[Circular]`; nesting beyond {@link MAX_SCRUB_DEPTH} becomes
   * `[REDACTED: too deep]`. Binary data (Buffers, typed arrays) is not searched. Objects are walked through
   * their own enumerable properties (what `JSON.stringify` would see); a changed class instance comes back as
   * a plain object (symbol-keyed properties kept).
   */
  scrubDeep(value: unknown): unknown {
    // With no known values there is nothing to find; a SecretValue still prints as [REDACTED] on its own.
    if (this.needles.length === 0) return value;
    return this.walk(value, 0, new WeakSet());
  }

  private walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (typeof value !== 'object' || value === null) return value;
    if (value instanceof SecretValue) return REDACTED;
    // Binary data is not text: walking a Buffer key by key would cost O(bytes) and find nothing.
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
    if (depth >= MAX_SCRUB_DEPTH) return '[REDACTED: too deep]';
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    try {
      if (Array.isArray(value)) return this.walkArray(value, depth, seen);
      if (value instanceof Error) return this.walkError(value, depth, seen);
      return this.walkObject(value as Record<string, unknown>, depth, seen);
    } finally {
      seen.delete(value); // a shared (non-cyclic) sub-object may appear twice
    }
  }

  private walkArray(value: unknown[], depth: number, seen: WeakSet<object>): unknown[] {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = this.walk(value[i], depth + 1, seen);
      if (next !== value[i]) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }

  private walkObject(value: Record<string, unknown>, depth: number, seen: WeakSet<object>): unknown {
    let copy: Record<string, unknown> | undefined;
    const keys = Object.keys(value);
    for (const key of keys) {
      const cleanKey = this.scrub(key);
      const next = this.walk(value[key], depth + 1, seen);
      if (cleanKey !== key || next !== value[key]) {
        // A spread keeps symbol-keyed properties (winston keeps its level and message under symbols).
        copy ??= { ...value };
        if (cleanKey !== key) delete copy[key];
        copy[cleanKey] = next;
      }
    }
    return copy ?? value;
  }

  // Error messages and stacks are not enumerable; scrub them explicitly and keep an Error.
  private walkError(error: Error, depth: number, seen: WeakSet<object>): Error {
    const message = this.scrub(error.message);
    const stack = error.stack === undefined ? undefined : this.scrub(error.stack);
    const props = this.walkObject(error as unknown as Record<string, unknown>, depth, seen);
    if (message === error.message && stack === error.stack && props === error) return error;
    const copy = new Error(message);
    copy.name = this.scrub(error.name);
    copy.stack = stack;
    Object.assign(copy, props);
    return copy;
  }
}

function replaceRanges(text: string, flat: number[]): string {
  const ranges: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) ranges.push([flat[i], flat[i + 1]]);
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let cursor = 0;
  let i = 0;
  while (i < ranges.length) {
    const start = ranges[i][0];
    let end = ranges[i][1];
    // Merge overlapping or touching matches into one [REDACTED].
    while (++i < ranges.length && ranges[i][0] <= end) end = Math.max(end, ranges[i][1]);
    out += text.slice(cursor, start) + REDACTED;
    cursor = end;
  }
  return out + text.slice(cursor);
}
