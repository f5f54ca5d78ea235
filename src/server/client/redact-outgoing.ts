import { REDACTED, redactArgs } from '../../security/redaction';
import type { Scrubber } from '../../security/secrets/scrubber';

/** Caps of a payload sent to the client by `ctx.log` (not by elicitation or sampling, which must stay whole). */
const LOG_DATA_BYTES = 16 * 1024;
const LOG_STRING_LENGTH = 4 * 1024;

/**
 * How payloads that leave for the client are cleaned, in one place: known secrets (`Scrubber`) and the
 * request's `@Sensitive` values (`redact`). Payloads whose shape the protocol fixes are scrubbed in place
 * (same shape); free-form log data is also made JSON-safe and capped.
 */
export class OutgoingRedactor {
  private values?: readonly string[];

  constructor(
    private readonly scrubber: Scrubber,
    /** The request's `@Sensitive` argument values; read on first use (after validation). */
    private readonly sensitiveValues: () => readonly string[],
  ) {}

  text(text: string): string {
    return this.redact(this.scrubber.scrub(text));
  }

  /** Every string of a protocol payload cleaned; its shape kept. */
  payload<T>(value: T): T {
    const scrubbed = this.scrubber.scrubDeep(value);
    return (this.sensitive().length ? redactStrings(scrubbed, (s) => this.redact(s)) : scrubbed) as T;
  }

  /** Free-form data (`ctx.log`): JSON-safe, `@Sensitive` fields of DTO instances redacted, capped. */
  data(value: unknown, sensitive: readonly string[]): unknown {
    // An Error's message is not an own enumerable property: say what it was, never its stack.
    if (value instanceof Error) value = { name: value.name, message: value.message };
    return redactArgs(value, {
      sensitive,
      scrub: (s) => this.text(s),
      maxBytes: LOG_DATA_BYTES,
      maxStringLength: LOG_STRING_LENGTH,
    });
  }

  private sensitive(): readonly string[] {
    // Longest first, so a value containing another is replaced whole.
    return (this.values ??= [...new Set(this.sensitiveValues())]
      .filter((v) => v.length >= MIN_SENSITIVE_LENGTH)
      .sort((a, b) => b.length - a.length));
  }

  private redact(text: string): string {
    let out = text;
    for (const value of this.sensitive()) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }
}

/**
 * Sensitive values shorter than this are not searched for in free text: replacing every `1` or `ab` would
 * garble messages. Such values are still redacted where they appear as a `@Sensitive` field.
 */
export const MIN_SENSITIVE_LENGTH = 4;

function redactStrings(value: unknown, redact: (s: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null || depth > 64) return value;
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = redactStrings(v, redact, depth + 1);
  return out;
}
