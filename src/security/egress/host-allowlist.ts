import { StartupError } from '../../errors';

/**
 * Host names a `SafeFetch` may reach: exact names (`api.example.com`, also IP literals) and
 * `*.example.com` wildcards. A wildcard matches any deeper name but not the apex, which must be listed
 * on its own; that is what people expect from certificates too.
 */
export class HostAllowlist {
  private readonly exact = new Set<string>();
  /** Suffixes with their leading dot: `*.example.com` is stored as `.example.com`. */
  private readonly suffixes: string[] = [];

  constructor(readonly patterns: readonly string[]) {
    for (const pattern of patterns) {
      const parsed = parsePattern(pattern);
      if (parsed.wildcard) this.suffixes.push(`.${parsed.host}`);
      else this.exact.add(parsed.host);
    }
  }

  /** `host` as `URL.hostname` gives it (lower case, punycode, IPv6 in brackets). */
  allows(host: string): boolean {
    const name = stripTrailingDot(host);
    if (this.exact.has(name)) return true;
    return this.suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length);
  }

  /** True when every host `pattern` can match is also allowed here (used to check `@Egress` lists). */
  covers(pattern: string): boolean {
    const parsed = parsePattern(pattern);
    if (!parsed.wildcard) return this.allows(parsed.host);
    const suffix = `.${parsed.host}`;
    return this.suffixes.some((own) => suffix === own || suffix.endsWith(own));
  }
}

/**
 * Normalises one allowlist entry through the WHATWG host parser, so that entries compare equal to what
 * `new URL(...).hostname` yields for a request (case, IDN → punycode, IPv4 spellings, IPv6 brackets).
 */
function parsePattern(pattern: string): { host: string; wildcard: boolean } {
  const wildcard = pattern.startsWith('*.');
  const rest = wildcard ? pattern.slice(2) : pattern;
  // Anything that is not a bare host (scheme, port, path, userinfo, other wildcards) is a config mistake.
  if (rest === '' || /[*/\\@:?#\s]/.test(rest.replace(/^\[[0-9a-fA-F:.]+\]$/, ''))) {
    throw new StartupError(invalidPattern(pattern));
  }
  let host: string;
  try {
    host = new URL(`https://${rest}/`).hostname;
  } catch {
    throw new StartupError(invalidPattern(pattern));
  }
  host = stripTrailingDot(host);
  // '*.com' would open a whole top-level domain; almost certainly a typo for '*.example.com'.
  if (wildcard && !host.includes('.')) throw new StartupError(invalidPattern(pattern));
  return { host, wildcard };
}

function invalidPattern(pattern: string): string {
  return (
    `network.allow entry '${pattern}' is not a host name; use an exact name like 'api.example.com' ` +
    `or a wildcard like '*.example.com' (no scheme, port or path)`
  );
}

function stripTrailingDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}
