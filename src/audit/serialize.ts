// JSON.stringify already escapes CR, LF and every C0 control char, so no value can end a line. These are
// escaped too: U+2028/2029 are line breaks to some viewers and JavaScript tooling, and bidi overrides
// can make a terminal show a record differently from what it holds.
const DISPLAY_TRICKS = /[\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

const escapeTrick = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The line of a record from the canonical JSON its hash was computed over (sorted keys), with `hash` added
 * last: one serialisation per record instead of two. Parsing it gives back the same record.
 */
export function serializeCanonical(canonicalWithoutHash: string, hash: string): string {
  return `${canonicalWithoutHash.slice(0, -1)},"hash":"${hash}"}`.replace(DISPLAY_TRICKS, escapeTrick) + '\n';
}
