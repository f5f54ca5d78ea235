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

/**
 * A copy of `src` of the same length in which comments and the contents of string and template literals
 * are blanked (newlines kept), so structure can be found with offsets that still point into `src`.
 */
export function maskCommentsAndStrings(src: string): string {
  const out = src.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? src.length : end;
      blank(i, stop);
      i = stop - 1;
    } else if (ch === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      blank(i, stop);
      i = stop - 1;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== ch && !(ch !== '`' && src[j] === '\n'))
        j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j;
    }
  }
  return out.join('');
}

/**
 * For every `(` of masked source, the index just past its matching `)` (the text's end when unclosed),
 * found in one pass: matching each decorator's parenthesis by rescanning would be quadratic.
 */
function matchingParens(masked: string): Map<number, number> {
  const close = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < masked.length; i++) {
    if (masked[i] === '(') open.push(i);
    else if (masked[i] === ')' && open.length > 0) close.set(open.pop()!, i + 1);
  }
  for (const i of open) close.set(i, masked.length);
  return close;
}

const DECORATOR = /@([A-Za-z_$][\w$]*)\s*\(/y;
const CLASS_HEAD = /(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/y;
const SPACE = /\s*/y;

/**
 * Finds classes and the decorator calls right before them. A static approximation (no type checker):
 * good for decorators written the usual way, `@Name({...})` lines above `export class X`.
 */
export function decoratedClasses(src: string): DecoratedClass[] {
  const masked = maskCommentsAndStrings(src);
  const parens = matchingParens(masked);
  const out: DecoratedClass[] = [];
  let i = masked.indexOf('@');
  while (i !== -1) {
    const group: DecoratorCall[] = [];
    let pos = i;
    for (;;) {
      DECORATOR.lastIndex = pos;
      const m = DECORATOR.exec(masked);
      if (!m) break;
      const open = pos + m[0].length - 1;
      const close = parens.get(open) ?? masked.length;
      group.push({ name: m[1], args: src.slice(open + 1, close - 1), offset: pos });
      SPACE.lastIndex = close;
      SPACE.exec(masked);
      pos = SPACE.lastIndex;
    }
    if (group.length > 0) {
      CLASS_HEAD.lastIndex = pos;
      const c = CLASS_HEAD.exec(masked);
      if (c) out.push({ className: c[1], decorators: group });
    }
    i = masked.indexOf('@', Math.max(pos, i + 1));
  }
  return out;
}
