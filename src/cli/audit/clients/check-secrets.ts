import { findKnownSecrets, findSecretsInNamedValue, type SecretHit } from '../../detect';
import { safeName } from '../safe-text';

/** Where in a server entry a secret was found, for the message (`env.API_KEY`, `args[3]`, ...). */
export interface LocatedHit extends SecretHit {
  where: string;
  /** The raw string that holds it, only to locate its line; never printed. */
  raw: string;
}

const FLAG = /^--?([A-Za-z0-9_.-]+)$/;
const FLAG_WITH_VALUE = /^--?([A-Za-z0-9_.-]+)=(.+)$/s;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/s;

/**
 * Secrets in one string of a config: known formats anywhere; a random literal under a secret-sounding
 * `name`; and, for command lines (`"GITHUB_TOKEN=... npx server --api-key ..."`), each `NAME=VALUE`,
 * `--flag=VALUE` and `--flag VALUE` word.
 */
export function secretsInString(name: string | undefined, value: string): SecretHit[] {
  const known = findKnownSecrets(value);
  if (known.length > 0) return known;
  if (name !== undefined) {
    const named = findSecretsInNamedValue(name, value);
    if (named.length > 0) return named;
  }
  const words = value.split(/\s+/).filter(Boolean);
  if (words.length < 2 && !ASSIGNMENT.test(value) && !FLAG_WITH_VALUE.test(value)) return [];
  const hits: SecretHit[] = [];
  words.forEach((word, i) => {
    const pair = FLAG_WITH_VALUE.exec(word) ?? ASSIGNMENT.exec(word);
    const prev = i > 0 ? FLAG.exec(words[i - 1]) : null;
    if (pair) hits.push(...findSecretsInNamedValue(pair[1], pair[2]));
    else if (prev) hits.push(...findSecretsInNamedValue(prev[1], word));
  });
  return hits;
}

/** Secrets in `args`: known formats anywhere, and `--api-key=VALUE` / `--token VALUE` style pairs. */
export function secretsInArgs(args: readonly string[], path = 'args'): LocatedHit[] {
  const hits: LocatedHit[] = [];
  args.forEach((arg, i) => {
    const prev = i > 0 ? FLAG.exec(args[i - 1]) : null;
    const found = prev ? findSecretsInNamedValue(prev[1], arg) : [];
    for (const h of found.length > 0 ? found : secretsInString(undefined, arg))
      hits.push({ ...h, where: `${path}[${i}]`, raw: arg });
  });
  return hits;
}

/** Secrets in a server URL: known formats anywhere (including `user:password@`), and `?api_key=...` parameters. */
export function secretsInUrl(url: string, where = 'url'): LocatedHit[] {
  const known = findKnownSecrets(url).map((h) => ({ ...h, where, raw: url }));
  if (known.length > 0) return known;
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return [];
  }
  return [...params].flatMap(([name, value]) =>
    findSecretsInNamedValue(name, value).map((h) => ({
      ...h,
      where: `${where} ?${safeName(name, 40)}=`,
      raw: url,
    })),
  );
}

const URL_KEYS = new Set(['url', 'serverUrl', 'httpUrl']);

/**
 * Secrets anywhere in one raw server entry: every string value and every key, at any depth (`command`,
 * `cwd`, `env`, `headers`, `args`, and fields no client documents). Iterative, so nesting depth cannot
 * exhaust the stack.
 */
export function secretsInEntry(entry: unknown): LocatedHit[] {
  const hits: LocatedHit[] = [];
  const stack: { value: unknown; path: string; name?: string }[] = [{ value: entry, path: '' }];
  while (stack.length > 0) {
    const { value, path, name } = stack.pop()!;
    if (typeof value === 'string') {
      const found =
        name !== undefined && URL_KEYS.has(name) && /^[a-z][a-z0-9+.-]*:/i.test(value)
          ? secretsInUrl(value, path)
          : secretsInString(name, value).map((h) => ({ ...h, where: path, raw: value }));
      hits.push(...found);
    } else if (Array.isArray(value)) {
      if (value.every((v) => typeof v === 'string')) hits.push(...secretsInArgs(value as string[], path));
      else for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}[${i}]` });
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const where = path ? `${path}.${safeName(key, 40)}` : safeName(key, 40);
        for (const h of findKnownSecrets(key)) hits.push({ ...h, where: `${where} (a key)`, raw: key });
        stack.push({ value: child, path: where, name: key });
      }
    }
  }
  return hits;
}
