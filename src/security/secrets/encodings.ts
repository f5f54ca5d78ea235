/**
 * The forms a secret commonly takes on its way into text, so the scrubber can find it there too:
 * - JSON-escaped, once and twice (a value with `"`, `\`, control characters inside a serialized result or log
 *   line, and inside JSON text that is itself a string of a serialized message),
 * - URL-encoded (query strings, form bodies; `encodeURIComponent` and the `+`-for-space form variant),
 * - base64 and base64url, at each of the three byte alignments (a secret inside a longer encoded string,
 *   e.g. an HTTP Basic `Authorization` header, `base64("user:" + secret)`), minus the edge characters that
 *   also depend on neighbouring bytes,
 * - the value without surrounding whitespace (a trailing newline from `echo secret | ...`).
 * Hex and other encodings are not covered.
 */
export function encodedForms(value: string): string[] {
  const forms = new Set<string>([value, value.trim()]);
  const escaped = JSON.stringify(value).slice(1, -1);
  forms.add(escaped);
  forms.add(JSON.stringify(escaped).slice(1, -1)); // JSON text inside a JSON string (a result's text block)
  const url = encodeURIComponent(value);
  forms.add(url);
  forms.add(url.replace(/%20/g, '+'));
  for (const core of base64Cores(Buffer.from(value, 'utf8'))) {
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms];
}

/** Characters at the start of base64(prefix + value) that depend on the `shift` prefix bytes. */
const SKIP_AT_START = [0, 2, 3];

function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    // A final partial group's last character mixes in padding bits (or the next byte, inside longer text).
    const end = (shift + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 1;
    cores.push(encoded.slice(SKIP_AT_START[shift], end));
  }
  return cores;
}
