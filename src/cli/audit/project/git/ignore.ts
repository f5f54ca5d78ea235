/**
 * `.gitignore` rules, matched without regular expressions: a glob compiled to a regex backtracks
 * exponentially on patterns such as `*a*a*a*a*b`. Here `*`, `?` and `[...]` are matched per path segment by
 * the classic one-star-backtrack loop (O(pattern × name)), and `**` segments by a set of states
 * (O(segments × pattern segments)): linear in the rules for a given path.
 * Semantics follow https://git-scm.com/docs/gitignore.
 */

type Token =
  { t: 'lit'; c: string } | { t: 'any' } | { t: 'star' } | { t: 'set'; neg: boolean; items: string[] };

interface Rule {
  negate: boolean;
  dirOnly: boolean;
  /** Path segments of the pattern; `null` stands for a `**` segment. */
  segments: (Token[] | null)[];
}

/** Lines longer than this are not read (git reads them; a real rule is never this long). */
export const MAX_RULE_LENGTH = 4096;

function parseSet(p: string, i: number): { token: Token; next: number } | undefined {
  let j = i + 1;
  const neg = p[j] === '!' || p[j] === '^';
  if (neg) j++;
  const items: string[] = [];
  let first = true;
  while (j < p.length && (p[j] !== ']' || first)) {
    first = false;
    let c = p[j];
    if (c === '\\' && j + 1 < p.length) c = p[++j];
    if (p[j + 1] === '-' && j + 2 < p.length && p[j + 2] !== ']') {
      let hi = p[j + 2];
      let k = j + 2;
      if (hi === '\\' && k + 1 < p.length) hi = p[++k];
      items.push(c + hi);
      j = k + 1;
    } else {
      items.push(c + c);
      j++;
    }
  }
  if (j >= p.length) return undefined; // no closing `]`: the `[` is a literal
  return { token: { t: 'set', neg, items }, next: j + 1 };
}

function compileSegment(p: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < p.length;) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      out.push({ t: 'lit', c: p[i + 1] });
      i += 2;
    } else if (c === '*') {
      if (out.at(-1)?.t !== 'star') out.push({ t: 'star' });
      i++;
    } else if (c === '?') {
      out.push({ t: 'any' });
      i++;
    } else if (c === '[') {
      const set = parseSet(p, i);
      if (set) {
        out.push(set.token);
        i = set.next;
      } else {
        out.push({ t: 'lit', c });
        i++;
      }
    } else {
      out.push({ t: 'lit', c });
      i++;
    }
  }
  return out;
}

function one(tok: Token, ch: string): boolean {
  if (tok.t === 'lit') return tok.c === ch;
  if (tok.t === 'any') return true;
  if (tok.t === 'set') return tok.items.some((r) => ch >= r[0] && ch <= r[1]) !== tok.neg;
  return false;
}

/** Glob tokens against one path segment (no `/` on either side). */
export function matchSegment(tokens: readonly Token[], name: string): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < tokens.length && tokens[p].t === 'star') {
      starP = p++;
      starN = n;
    } else if (p < tokens.length && one(tokens[p], name[n])) {
      p++;
      n++;
    } else if (starP >= 0) {
      // Let the last star absorb one more character and retry from there.
      p = starP + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (p < tokens.length && tokens[p].t === 'star') p++;
  return p === tokens.length;
}

/** Unescaped trailing spaces are dropped; `\ ` keeps one. */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}

function compileRule(raw: string): Rule | undefined {
  let line = trimTrailingSpaces(raw.replace(/\r$/, ''));
  if (!line || line.startsWith('#')) return undefined;
  const negate = line.startsWith('!');
  if (negate) line = line.slice(1);
  else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
  const dirOnly = line.endsWith('/') && !line.endsWith('\\/');
  if (dirOnly) line = line.slice(0, -1);
  if (!line) return undefined;
  // A slash at the start or in the middle anchors the rule to the .gitignore's folder.
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const parts = line.split('/');
  const segments: (Token[] | null)[] = parts.map((s) => (s === '**' ? null : compileSegment(s)));
  if (!anchored) segments.unshift(null);
  // `dir/**` matches everything inside dir, not dir itself.
  if (segments.length > 1 && segments.at(-1) === null) segments.push([{ t: 'star' }]);
  return { negate, dirOnly, segments };
}

function matchPath(segments: readonly (Token[] | null)[], path: readonly string[]): boolean {
  // States: how many pattern segments have been matched. `**` may match zero segments (closure) or more.
  const close = (s: Set<number>) => {
    for (const i of [...s].sort((a, b) => a - b)) {
      for (let k = i; k < segments.length && segments[k] === null; k++) s.add(k + 1);
    }
    return s;
  };
  let states = close(new Set([0]));
  for (const seg of path) {
    const next = new Set<number>();
    for (const i of states) {
      if (i >= segments.length) continue;
      const pat = segments[i];
      if (pat === null) next.add(i);
      else if (matchSegment(pat, seg)) next.add(i + 1);
    }
    if (next.size === 0) return false;
    states = close(next);
  }
  return states.has(segments.length);
}

/** The rules of one ignore file, which apply to paths under `base` (repository-relative, `''` = root). */
export interface IgnoreFile {
  base: string;
  rules: Rule[];
}

/** Compiles the text of a `.gitignore` (or `info/exclude`); `skipped` counts lines too long to read. */
export function compileIgnoreFile(base: string, text: string): IgnoreFile & { skipped: number } {
  const rules: Rule[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.length > MAX_RULE_LENGTH) {
      skipped++;
      continue;
    }
    const r = compileRule(line);
    if (r) rules.push(r);
  }
  return { base, rules, skipped };
}

function verdict(files: readonly IgnoreFile[], path: string, isDir: boolean): boolean | undefined {
  let result: boolean | undefined;
  // Lowest precedence first (info/exclude, then .gitignore files from the root down): the last match wins.
  for (const f of files) {
    if (f.base && !path.startsWith(f.base + '/')) continue;
    const rel = (f.base ? path.slice(f.base.length + 1) : path).split('/');
    for (const r of f.rules) {
      if (r.dirOnly && !isDir) continue;
      if (matchPath(r.segments, rel)) result = !r.negate;
    }
  }
  return result;
}

/**
 * True when git would ignore the file at `path` (repository-relative, `/`-separated): a rule matches it,
 * or one of its parent folders is ignored (git never looks inside an ignored folder).
 */
export function isIgnored(files: readonly IgnoreFile[], path: string): boolean {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (verdict(files, parts.slice(0, i).join('/'), true)) return true;
  }
  return verdict(files, path, false) === true;
}
