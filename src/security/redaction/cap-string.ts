/** What replaces a value that must never be recorded. */
export const REDACTED = '[REDACTED]';

/**
 * Caps a string at `max` UTF-16 units, marker included, so that capping an already capped string changes
 * nothing (records may pass through redaction twice: once in the pipeline, once in the audit log).
 */
export function capString(value: string, max: number): string {
  if (value.length <= max) return value;
  // The marker's own length depends on the number of removed chars; two passes settle it.
  let keep = Math.max(0, max - marker(value.length - max).length);
  keep = Math.max(0, max - marker(value.length - keep).length);
  // Never cut a surrogate pair in half: a lone surrogate would become U+FFFD and confuse readers.
  const code = value.charCodeAt(keep - 1);
  if (keep > 0 && code >= 0xd800 && code <= 0xdbff) keep -= 1;
  return value.slice(0, keep) + marker(value.length - keep);
}

function marker(removed: number): string {
  return `…[truncated ${removed} chars]`;
}
