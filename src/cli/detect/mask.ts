/** Shows at most the first four characters of a secret: `sk-1…[redacted]`. Short values show nothing. */
export function maskSecret(value: string): string {
  const v = value.trim();
  if (v.length < 12) return '[redacted]';
  return `${v.slice(0, 4)}…[redacted]`;
}
