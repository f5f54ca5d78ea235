import { StartupError } from '../../errors';

/** A compiled RFC 6570 template (levels 1-3, no explode or prefix modifiers) that matches URIs. */
export interface CompiledTemplate {
  readonly variables: readonly string[];
  /** The raw (still percent-encoded) variable values when `uri` matches, else undefined. */
  match(uri: string): Record<string, string> | undefined;
}

const EXPRESSION = /\{([+#./;?&]?)([^}]*)\}/g;
const VARIABLE = /^[A-Za-z0-9_]+$/;
const MAX_URI = 8 * 1024;

/**
 * Compiles a URI template once, at start-up, into one anchored regular expression (the SDK's matcher rebuilds
 * its expression on every call). Values of `{var}` stop at `/`, `?`, `#` and `,`; `{+var}` and `{#var}` may
 * contain `/`. Query expressions (`{?a,b}`) match `?a=..&b=..` in order.
 */
export function compileTemplate(template: string, owner: string): CompiledTemplate {
  const names: string[] = [];
  let pattern = '^';
  let last = 0;
  for (const m of template.matchAll(EXPRESSION)) {
    pattern += escape(template.slice(last, m.index));
    last = m.index + m[0].length;
    const operator = m[1] ?? '';
    const vars = (m[2] ?? '').split(',');
    for (const v of vars) {
      if (!VARIABLE.test(v)) {
        throw new StartupError(`${owner}: unsupported template variable "${v}" in ${template}`);
      }
      if (names.includes(v)) throw new StartupError(`${owner}: variable "${v}" appears twice in ${template}`);
      names.push(v);
    }
    pattern += expressionPattern(operator, vars, owner);
  }
  pattern += escape(template.slice(last)) + '$';
  if (/[{}]/.test(template.slice(last)) || /[{}]/.test(template.replace(EXPRESSION, ''))) {
    throw new StartupError(`${owner}: malformed uriTemplate ${template}`);
  }
  const regex = new RegExp(pattern);
  return {
    variables: names,
    match(uri) {
      if (uri.length > MAX_URI) return undefined;
      const found = regex.exec(uri);
      if (!found) return undefined;
      const out: Record<string, string> = {};
      names.forEach((name, i) => {
        const value = found[i + 1];
        if (value !== undefined) out[name] = value;
      });
      return out;
    },
  };
}

function expressionPattern(operator: string, vars: string[], owner: string): string {
  const simple = '([^/?#,&]+)';
  switch (operator) {
    case '':
      return vars.map(() => simple).join(',');
    case '+':
    case '#':
      if (vars.length > 1)
        throw new StartupError(`${owner}: {${operator}a,b} is not supported; use one variable`);
      return (operator === '#' ? '#' : '') + '([^?#]+)';
    case '/':
      return vars.map(() => '/([^/?#,]+)').join('');
    case '.':
      return vars.map(() => '\\.([^/?#,.]+)').join('');
    case '?':
    case '&':
      return vars.map((v, i) => `${i === 0 ? '\\' + operator : '&'}${escape(v)}=([^&#]*)`).join('');
    default:
      throw new StartupError(`${owner}: the {${operator}...} operator is not supported`);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
