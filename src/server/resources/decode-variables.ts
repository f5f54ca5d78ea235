import { CallDenied } from '../../errors';

const STILL_ENCODED = /%[0-9a-fA-F]{2}/;
// C0 and C1 control characters (NUL included): never part of a legitimate identifier or path in a URI.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Percent-decodes a template's variables exactly once, so `..%2F` and `%2e%2e` reach validation (and `SafeFs`)
 * as the `../` and `..` they mean. A value that still holds an escape after decoding (`%252e%252e`: double
 * encoding, a classic filter bypass), that does not decode, or that decodes to a control character is refused:
 * no legitimate client needs any of them.
 */
export function decodeVariables(
  raw: Record<string, unknown>,
  resourceName: string,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    // An exploded variable (`{/path*}`) is a list: every item passes the same rules.
    out[name] = Array.isArray(value)
      ? value.map((item) => decodeOne(item, name, resourceName))
      : decodeOne(value, name, resourceName);
  }
  return out;
}

function decodeOne(value: unknown, name: string, resourceName: string): string {
  const refuse = (why: string) =>
    new CallDenied(
      'validation',
      `Invalid URI for resource ${resourceName}: variable ${name} ${why}; send each character percent-encoded once`,
    );
  if (typeof value !== 'string') throw refuse('is not text');
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    throw refuse('has a malformed percent-encoding');
  }
  if (STILL_ENCODED.test(decoded)) throw refuse('is percent-encoded twice');
  if (CONTROL.test(decoded)) throw refuse('contains control characters');
  return decoded;
}
