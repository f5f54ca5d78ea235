/**
 * JSON with object keys sorted (by UTF-16 code units) and no whitespace, following JSON.stringify's rules
 * for everything else (undefined fields left out, undefined in arrays → null, non-finite numbers → null).
 * So `canonicalJSON(x) === canonicalJSON(JSON.parse(JSON.stringify(x)))`: the writer hashes the object it
 * holds, the verifier hashes what it parsed back from the file, and both agree.
 *
 * Recursive: audit records are depth-capped by redaction; a verifier meeting a hostile, very deep line gets
 * a RangeError, which it reports as a bad record.
 */
export function canonicalJSON(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJSON(value[i]);
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + canonicalJSON(v);
  }
  return out + '}';
}
