/**
 * Where things are in a client config's text, built in one pass so that finding the line of each of
 * tens of thousands of servers and values costs a lookup, not a rescan of the whole text.
 */
export class ConfigTextIndex {
  /** Offset of the first character of each line. */
  private readonly lineStarts: number[] = [0];
  /** Every string literal (decoded) → its offsets, ascending. */
  private readonly strings = new Map<string, number[]>();
  /** Every object key (decoded) → its offsets, ascending. */
  private readonly keys = new Map<string, number[]>();

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    this.scan(text);
  }

  /** 1-based line of an offset (binary search). */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset of the first key equal to `name` at or after `from` (else the first anywhere). */
  keyOffset(name: string, from = 0): number | undefined {
    return firstAtOrAfter(this.keys.get(name), from);
  }

  /** Offset of the first string literal equal to `value` at or after `from`. */
  stringOffset(value: string, from = 0): number | undefined {
    const list = this.strings.get(value);
    const at = list && lowerBound(list, from);
    return list && at !== undefined && at < list.length ? list[at] : undefined;
  }

  /** JSON and JSONC: strings, `//` and `/* *\/` comments; everything else is skipped a character at a time. */
  private scan(text: string): void {
    let i = 0;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        let j = i + 1;
        while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
        const raw = text.slice(i, j + 1);
        let value: string;
        try {
          value = JSON.parse(raw) as string;
        } catch {
          value = raw.slice(1, -1);
        }
        push(this.strings, value, i);
        let k = j + 1;
        while (k < text.length && /\s/.test(text[k])) k++;
        if (text[k] === ':') push(this.keys, value, i);
        i = j + 1;
      } else if (ch === '/' && text[i + 1] === '/') {
        const end = text.indexOf('\n', i);
        i = end === -1 ? text.length : end;
      } else if (ch === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        i = end === -1 ? text.length : end + 2;
      } else {
        i++;
      }
    }
  }
}

function push(map: Map<string, number[]>, key: string, offset: number): void {
  const list = map.get(key);
  if (list) list.push(offset);
  else map.set(key, [offset]);
}

function lowerBound(list: readonly number[], from: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function firstAtOrAfter(list: readonly number[] | undefined, from: number): number | undefined {
  if (!list) return undefined;
  const at = lowerBound(list, from);
  return at < list.length ? list[at] : list[0];
}
