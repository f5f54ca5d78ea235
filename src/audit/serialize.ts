import type { AuditRecord } from './record';

// JSON.stringify already escapes CR, LF and every C0 control char, so no value can end a line. These are
// escaped too: U+2028/2029 are line breaks to some viewers and JavaScript tooling, and bidi overrides
// can make a terminal show a record differently from what it holds.
const DISPLAY_TRICKS = /[\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** One record as one line of JSON (with its newline). Parsing the line gives back the same record. */
export function serializeRecord(record: AuditRecord): string {
  return (
    JSON.stringify(record).replace(
      DISPLAY_TRICKS,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ) + '\n'
  );
}
