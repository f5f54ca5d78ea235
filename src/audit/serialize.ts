// JSON.stringify already escapes CR, LF and every C0 control char, so no value can end a line. These are
// escaped too, as \uXXXX: C1 controls (U+0085 NEL is a line break to some readers), U+2028/2029 (line breaks
// to some viewers and JavaScript tooling), bidi overrides and marks (a terminal would show a record
// differently from what it holds), zero-width and invisible characters, BOM and interlinear annotations
// (text that hides or looks like something else). Escaping keeps the value: JSON.parse gives it back, and the
// hash is computed over the unescaped canonical JSON, so the chain does not depend on this list.
// Combining and invisible marks are listed singly, on purpose:
/* eslint-disable no-misleading-character-class */
const DISPLAY_TRICKS =
  /[\u0080-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]/g;
/* eslint-enable no-misleading-character-class */

const escapeTrick = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The line of a record from the canonical JSON its hash was computed over (sorted keys), with `hash` added
 * last: one serialisation per record instead of two. Parsing it gives back the same record. This is the only
 * byte form of a record: the verifier rebuilds it from the parsed line and compares bytes.
 */
export function serializeCanonical(canonicalWithoutHash: string, hash: string): string {
  return serializeLine(canonicalWithoutHash, hash) + '\n';
}

/** {@link serializeCanonical} without the newline. */
export function serializeLine(canonicalWithoutHash: string, hash: string): string {
  return `${canonicalWithoutHash.slice(0, -1)},"hash":"${hash}"}`.replace(DISPLAY_TRICKS, escapeTrick);
}
