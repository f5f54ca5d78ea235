import { StartupError } from '../../errors';

/** A variable's raw value in a matched URI: a string, or a list for an exploded variable (`{/path*}`). */
export type RawValue = string | string[];
/** Values to expand: absent (or an empty list) leaves the variable out, as RFC 6570 says. */
export type ExpandValues = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A compiled RFC 6570 template (level 4: every operator, explode `*` and prefix `:n`) that matches and expands. */
export interface CompiledTemplate {
  readonly variables: readonly string[];
  /** The raw (still percent-encoded) variable values when `uri` matches, else undefined. Linear in `uri`. */
  match(uri: string): Record<string, RawValue> | undefined;
  /** The URI for these values, percent-encoded as RFC 6570 asks. */
  expand(values: ExpandValues): string;
}

/** Where a matched URI is refused unread (a URI is a name, not a payload). */
export const MAX_URI = 8 * 1024;

interface Operator {
  first: string;
  sep: string;
  named: boolean;
  ifEmpty: string;
  /** Reserved characters pass unencoded in expansion (`+`, `#`). */
  reserved: boolean;
  /** Characters that end the expression in a URI (besides the next literal). */
  stop: string;
}

// RFC 6570 §3.2.1 table, plus the characters at which a value of each operator ends when matching.
const OPERATORS: Record<string, Operator> = {
  '': { first: '', sep: ',', named: false, ifEmpty: '', reserved: false, stop: '/?#&' },
  '+': { first: '', sep: ',', named: false, ifEmpty: '', reserved: true, stop: '?#' },
  '#': { first: '#', sep: ',', named: false, ifEmpty: '', reserved: true, stop: '' },
  '.': { first: '.', sep: '.', named: false, ifEmpty: '', reserved: false, stop: '/?#' },
  '/': { first: '/', sep: '/', named: false, ifEmpty: '', reserved: false, stop: '?#' },
  ';': { first: ';', sep: ';', named: true, ifEmpty: '', reserved: false, stop: '/?#' },
  '?': { first: '?', sep: '&', named: true, ifEmpty: '=', reserved: false, stop: '#' },
  '&': { first: '&', sep: '&', named: true, ifEmpty: '=', reserved: false, stop: '#' },
};

interface Variable {
  name: string;
  explode: boolean;
  /** `{var:n}`: at most n characters. */
  prefix?: number;
}

interface Expression {
  op: Operator;
  operator: string;
  vars: Variable[];
}

type Part = string | Expression;

const EXPRESSION = /\{([^{}]*)\}/g;
const VARSPEC = /^([A-Za-z0-9_]+)(?:(\*)|:([1-9]\d{0,3}))?$/;

/**
 * Compiles a URI template once, at start-up, into literal and expression parts. Matching walks the URI once,
 * without regular expressions (no backtracking: time linear in the URI's length for any template and input):
 * each expression takes the longest run of the characters its operator allows, up to the last place where the
 * following literal fits (`{+path}.md` takes `a/b` of `a/b.md`), and splits it by the operator's separator.
 * An exploded variable (`{/path*}`, `{?tag*}`) yields a list; query and `;` parameters may come in any order
 * and may be left out. Values are returned still encoded: decoding (once) is the decoding step's job.
 */
export function compileTemplate(
  template: string,
  owner: string,
  options: { maxUriLength?: number } = {},
): CompiledTemplate {
  const parts = parse(template, owner);
  const matching = mergeQueries(parts);
  const names = parts.flatMap((p) => (typeof p === 'string' ? [] : p.vars.map((v) => v.name)));
  const maxUri = options.maxUriLength ?? MAX_URI;
  return {
    variables: names,
    match: (uri) => (uri.length > maxUri ? undefined : matchParts(matching, uri)),
    expand: (values) => parts.map((p) => (typeof p === 'string' ? p : expandExpression(p, values))).join(''),
  };
}

function parse(template: string, owner: string): Part[] {
  const parts: Part[] = [];
  const names = new Set<string>();
  let last = 0;
  const literal = (text: string) => {
    if (/[{}]/.test(text)) throw new StartupError(`${owner}: malformed uriTemplate ${template}`);
    if (text) parts.push(text);
  };
  for (const m of template.matchAll(EXPRESSION)) {
    literal(template.slice(last, m.index));
    last = m.index + m[0].length;
    const body = m[1] ?? '';
    const operator = body[0] !== undefined && '+#./;?&'.includes(body[0]) ? body[0] : '';
    const op = OPERATORS[operator];
    if (!op || /^[=,!@|]/.test(body)) {
      throw new StartupError(`${owner}: the {${body[0] ?? ''}...} operator is not supported in ${template}`);
    }
    const vars = body
      .slice(operator.length)
      .split(',')
      .map((spec) => {
        const v = VARSPEC.exec(spec);
        if (!v) throw new StartupError(`${owner}: unsupported template variable "${spec}" in ${template}`);
        const name = v[1];
        if (names.has(name))
          throw new StartupError(`${owner}: variable "${name}" appears twice in ${template}`);
        names.add(name);
        return { name, explode: v[2] === '*', ...(v[3] ? { prefix: Number(v[3]) } : {}) };
      });
    if (op.reserved && vars.length > 1) {
      throw new StartupError(`${owner}: {${operator}a,b} is ambiguous to match; use one variable`);
    }
    if (!op.named && vars.slice(0, -1).some((v) => v.explode)) {
      throw new StartupError(
        `${owner}: only the last variable of an expression may be exploded in ${template}`,
      );
    }
    parts.push({ op, operator, vars });
  }
  literal(template.slice(last));
  return parts;
}

/** For matching, `{?a}{&b}` is one query, `{?a,b}` (parameters in any order, each optional). */
function mergeQueries(parts: readonly Part[]): Part[] {
  const out: Part[] = [];
  for (const part of parts) {
    const previous = out.at(-1);
    if (
      typeof part === 'object' &&
      part.operator === '&' &&
      typeof previous === 'object' &&
      (previous.operator === '?' || previous.operator === '&')
    ) {
      out[out.length - 1] = { ...previous, vars: [...previous.vars, ...part.vars] };
    } else out.push(part);
  }
  return out;
}

function matchParts(parts: readonly Part[], uri: string): Record<string, RawValue> | undefined {
  const out: Record<string, RawValue> = {};
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === 'string') {
      if (!uri.startsWith(part, pos)) return undefined;
      pos += part.length;
      continue;
    }
    let end = pos;
    const stop = part.op.stop;
    while (end < uri.length && !stop.includes(uri[end])) end++;
    const next = parts[i + 1];
    if (typeof next === 'string') {
      // The longest run after which the next literal fits; lastIndexOf looks back at most once per character.
      const at = uri.lastIndexOf(next, end);
      if (at < pos) return undefined;
      end = at;
    } else if (next === undefined && end !== uri.length) {
      return undefined;
    }
    if (!matchExpression(part, uri.slice(pos, end), out)) return undefined;
    pos = end;
  }
  return pos === uri.length ? out : undefined;
}

function matchExpression(e: Expression, text: string, out: Record<string, RawValue>): boolean {
  const { op, vars } = e;
  if (op.first) {
    if (text === '') return op.named; // named parameters may all be left out; a path segment may not
    if (text[0] !== op.first) return false;
    text = text.slice(1);
  }
  if (op.named) return matchNamed(e, text.split(op.sep), out);
  // One plain variable takes the whole run: a reserved value (`{+path}`) may hold the separator.
  const items = vars.length === 1 && !vars[0].explode ? [text] : text.split(op.sep);
  const last = vars[vars.length - 1];
  if (last.explode ? items.length < vars.length : items.length !== vars.length) return false;
  for (let i = 0; i < vars.length; i++) {
    const v = vars[i];
    const value = v.explode ? items.slice(i) : items[i];
    const list = typeof value === 'string' ? [value] : value;
    if (list.some((item) => item === '' || !fits(item, v))) return false;
    out[v.name] = value;
  }
  return true;
}

function matchNamed(e: Expression, items: string[], out: Record<string, RawValue>): boolean {
  for (const item of items) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? '' : item.slice(eq + 1);
    if (eq < 0 && e.op.ifEmpty === '=') return false; // `?a` without `=`
    const v = e.vars.find((x) => x.name === name);
    if (!v || !fits(value, v)) return false; // a parameter the template does not name
    const had = out[v.name];
    if (v.explode) {
      if (typeof had === 'object') had.push(value);
      else out[v.name] = [value];
    } else if (had !== undefined)
      return false; // given twice
    else out[v.name] = value;
  }
  return true;
}

/** A prefix variable holds at most n characters once decoded (UTF-8 escapes of one character count once). */
function fits(raw: string, v: Variable): boolean {
  if (v.prefix === undefined) return true;
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (raw[i] === '%') {
      const byte = parseInt(raw.slice(i + 1, i + 3), 16);
      i += 2;
      if ((byte & 0xc0) !== 0x80) count++; // not a continuation byte: a new character
    } else if (code < 0xdc00 || code > 0xdfff) count++; // the second half of a surrogate pair does not count
  }
  return count <= v.prefix;
}

function expandExpression(e: Expression, values: ExpandValues): string {
  const { op } = e;
  const pieces: string[] = [];
  for (const v of e.vars) {
    const value = values[v.name];
    if (value === undefined || (typeof value !== 'string' && value.length === 0)) continue;
    const enc = (text: string) => encode(text, op.reserved);
    const named = (encoded: string) =>
      op.named ? (encoded === '' ? `${v.name}${op.ifEmpty}` : `${v.name}=${encoded}`) : encoded;
    if (typeof value === 'string') {
      const cut = v.prefix === undefined ? value : [...value].slice(0, v.prefix).join('');
      pieces.push(named(enc(cut)));
    } else if (v.explode) {
      pieces.push(...value.map((item) => named(enc(item))));
    } else {
      pieces.push(named(value.map(enc).join(',')));
    }
  }
  return pieces.length === 0 ? '' : op.first + pieces.join(op.sep);
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const RESERVED = /[:/?#[\]@!$&'()*+,;=]/;

/** RFC 6570 encoding: UTF-8 percent-encoding of all but unreserved (and, for `+` / `#`, reserved) characters. */
function encode(text: string, reserved: boolean): string {
  let out = '';
  for (const ch of text) {
    if (UNRESERVED.test(ch) || (reserved && RESERVED.test(ch))) out += ch;
    else
      for (const byte of Buffer.from(ch, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
