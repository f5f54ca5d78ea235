/** String literals (single, double or backtick without `${`) in a piece of source. */
export function stringLiterals(src: string): string[] {
  const out: string[] = [];
  for (const m of src.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.)*)`/g)) {
    out.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  return out;
}

/** The string literals of the array written after `key:` in an object literal. */
export function arrayProperty(src: string, key: string): string[] | undefined {
  // `[^\][]` stops an unclosed `[` at the next one (no rescan to the end from every `key: [`).
  const m = new RegExp(`\\b${key}\\s*:\\s*\\[([^\\][]*)\\]`).exec(src);
  if (m) return stringLiterals(m[1]);
  const single = new RegExp(`\\b${key}\\s*:\\s*('[^']*'|"[^"]*")`).exec(src);
  return single ? stringLiterals(single[1]) : undefined;
}

/** The string literal written after `key:`. */
export function stringProperty(src: string, key: string): string | undefined {
  const m = new RegExp(`\\b${key}\\s*:\\s*('(?:[^'\\\\]|\\\\.)*'|"(?:[^"\\\\]|\\\\.)*"|\`[^\`$]*\`)`).exec(
    src,
  );
  return m ? stringLiterals(m[1])[0] : undefined;
}

/** True when `key: true` is written. */
export function trueProperty(src: string, key: string): boolean {
  return new RegExp(`\\b${key}\\s*:\\s*true\\b`).test(src);
}
