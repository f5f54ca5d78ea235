import { inspect } from 'node:util';

/** What every printable form of a {@link SecretValue} shows. */
export const REDACTED = '[REDACTED]';

/**
 * A secret resolved at start-up. Every way JavaScript turns an object into text (`String()`, template literals,
 * `JSON.stringify`, `util.inspect`, console formatting (`%s`, `%o`, `%j`), string concatenation) yields
 * `[REDACTED]`; only {@link SecretValue.reveal} gives the value, so a leak needs an explicit, greppable call.
 *
 * The value lives in an ES private field: it is not an own property, so `Object.keys`, spreading,
 * `structuredClone` and `util.inspect(…, { customInspect: false })` cannot see it either.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    if (typeof value !== 'string') throw new TypeError('SecretValue needs a string');
    this.#value = value;
    Object.freeze(this);
  }

  /** The secret itself. Pass it straight to the API that needs it; never log or return it. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  /** Template literals, `+` concatenation and `%s` with a primitive hint all land here. */
  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
