import { looksRandomSecret, maskSecret, redactKnownSecrets } from '../detect';
import type { Finding } from './finding';

/**
 * A name read from an audited file (a server name, a config key, a tool name, a host) made fit for a
 * finding: known credential formats masked, a random-looking name masked whole, and cut to `max`
 * characters. Control characters are kept here (JSON keeps names exact); each output escapes them.
 */
export function safeName(raw: string, max = 80): string {
  let s = redactKnownSecrets(raw);
  if (looksRandomSecret(s)) s = maskSecret(s);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/**
 * The one masking pass every output format goes through: whatever a check put in a finding, no known
 * credential format leaves the process in full.
 */
export function maskFindings(findings: readonly Finding[]): Finding[] {
  return findings.map((f) => ({
    ...f,
    title: redactKnownSecrets(f.title),
    fix: redactKnownSecrets(f.fix),
    ...(f.file === undefined ? {} : { file: redactKnownSecrets(f.file) }),
  }));
}

// DEL, C1 controls, line and paragraph separators, and the bidirectional marks, overrides and isolates
// (which reorder what a terminal or a code-review page shows). JSON.stringify leaves all of them raw.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same plus C0 controls (ESC, CR, LF, ...), for text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** For human-readable output: every control character shown as a visible escape (`\x1b`, `\u202e`). */
export function escapeControls(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** JSON text with the same values, but with controls JSON.stringify leaves raw written as `\u` escapes. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    UNSAFE_IN_JSON,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
