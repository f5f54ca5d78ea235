/** Bits of the 4-character filter hash: a table of 65,536 flags (64 KiB), built once per set of needles. */
const FILTER_BITS = 16;
const FILTER_MASK = (1 << FILTER_BITS) - 1;

/**
 * Finds every occurrence of many strings in a text in one pass over the text, instead of one `indexOf` pass per
 * string: with 100 secrets (about 400 searched forms) a 10 KB message costs one scan, not 400. Built once when
 * the set of strings changes.
 *
 * Each position of the text is tested against a table of the first four characters of every needle (a hash
 * that rolls with the text: the previous characters shift out of the 16 bits by themselves); only positions
 * that pass are looked up by their first `prefixLength` characters and compared in full. Every needle must be
 * at least `prefixLength` (≥ 4) characters long. It reports what the `indexOf` loop would: every occurrence of
 * every needle, overlapping ones included.
 */
export class NeedleIndex {
  private readonly filter = new Uint8Array(1 << FILTER_BITS);
  private readonly byPrefix = new Map<string, string[]>();

  constructor(
    needles: readonly string[],
    private readonly prefixLength: number,
  ) {
    if (prefixLength < 4) throw new RangeError('NeedleIndex needs a prefix of at least 4 characters');
    for (const needle of needles) {
      if (needle.length < prefixLength) {
        throw new RangeError(`NeedleIndex needles must be at least ${prefixLength} characters long`);
      }
      this.filter[hash4(needle, 0)] = 1;
      const prefix = needle.slice(0, prefixLength);
      const same = this.byPrefix.get(prefix);
      if (!same) this.byPrefix.set(prefix, [needle]);
      else if (!same.includes(needle)) same.push(needle);
    }
  }

  /** Appends `[start, end]` of every occurrence to `ranges` (flat pairs); returns it, or undefined when none. */
  find(text: string, ranges?: number[]): number[] | undefined {
    const { filter, byPrefix, prefixLength } = this;
    const last = text.length - prefixLength; // last start position where a needle can begin
    if (last < 0) return ranges;
    let h = 0;
    for (let i = 0; i < 3; i++) h = (h << 4) ^ text.charCodeAt(i);
    for (let start = 0; start <= last; start++) {
      h = ((h << 4) ^ text.charCodeAt(start + 3)) & FILTER_MASK;
      if (filter[h] === 0) continue;
      const candidates = byPrefix.get(text.substr(start, prefixLength));
      if (!candidates) continue;
      for (const needle of candidates) {
        if (text.startsWith(needle, start)) (ranges ??= []).push(start, start + needle.length);
      }
    }
    return ranges;
  }
}

/** The filter hash of the four characters at `at` (the same value `find` rolls to at that position). */
function hash4(text: string, at: number): number {
  let h = 0;
  for (let i = at; i < at + 4; i++) h = (h << 4) ^ text.charCodeAt(i);
  return h & FILTER_MASK;
}
