/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+)$|your[-_ ]?|example|changeme|change[-_]me|placeholder|redacted|dummy|<[^<>]*>|^todo$|^none$|^null$|^true$|^false$/i;

/**
 * True when a value stored under a secret-sounding name looks like a real credential: long enough,
 * not a placeholder, not a path or URL without credentials, and random-looking.
 */
export function looksRandomSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < 12 || v.length > 4096) return false;
  if (/\s/.test(v)) return false;
  if (PLACEHOLDER.test(v)) return false;
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return false;
  if (/^\d+$/.test(v)) return false;
  // Relative file paths (`reports/2025/summary.md`): short segments ending in a file extension.
  if (/^[\w-]{1,40}(?:\/[\w.-]{1,40})+\.[A-Za-z0-9]{1,8}$/.test(v)) return false;
  // Words joined by separators (`secure-mcp:secret-params`, `Content-Type`) are names, not keys.
  if (/^[A-Za-z]+(?:[-_.:/@]+[A-Za-z]+)*$/.test(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  return classes >= 2 && shannonEntropy(v) >= 3.0;
}
