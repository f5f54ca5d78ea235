/** One `@Name(args)` written before a class. */
export interface DecoratorCall {
  name: string;
  args: string;
  /** Offset of the `@` in the source. */
  offset: number;
}

/** The decorators written directly before one class declaration. */
export interface DecoratedClass {
  className: string;
  decorators: DecoratorCall[];
}

/** Index just past the `)` matching the `(` at `open`, skipping strings, template literals and comments. */
function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      for (i++; i < src.length && src[i] !== ch; i++) if (src[i] === '\\') i++;
    } else if (ch === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (ch === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end === -1 ? src.length : end + 1;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  return src.length;
}

const DECORATOR = /@([A-Za-z_$][\w$]*)\s*\(/y;
const CLASS_HEAD = /(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/y;
const SKIP = /(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;

/**
 * Finds classes and the decorator calls right before them. A static approximation (no type checker):
 * good for decorators written the usual way, `@Name({...})` lines above `export class X`.
 */
export function decoratedClasses(src: string): DecoratedClass[] {
  const out: DecoratedClass[] = [];
  let i = src.indexOf('@');
  while (i !== -1 && i < src.length) {
    const group: DecoratorCall[] = [];
    let pos = i;
    for (;;) {
      DECORATOR.lastIndex = pos;
      const m = DECORATOR.exec(src);
      if (!m) break;
      const open = pos + m[0].length - 1;
      const close = matchParen(src, open);
      group.push({ name: m[1], args: src.slice(open + 1, close - 1), offset: pos });
      SKIP.lastIndex = close;
      SKIP.exec(src);
      pos = SKIP.lastIndex;
    }
    if (group.length > 0) {
      CLASS_HEAD.lastIndex = pos;
      const c = CLASS_HEAD.exec(src);
      if (c) out.push({ className: c[1], decorators: group });
      i = src.indexOf('@', Math.max(pos, i + 1));
    } else {
      i = src.indexOf('@', i + 1);
    }
  }
  return out;
}
