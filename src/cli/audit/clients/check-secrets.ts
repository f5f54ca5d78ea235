import { findKnownSecrets, findSecretsInNamedValue, type SecretHit } from '../../detect';

/** Where in a server entry a secret was found, for the message (`env.API_KEY`, `args[3]`, ...). */
export interface LocatedHit extends SecretHit {
  where: string;
  /** The raw value, only to locate its line; never printed. */
  raw: string;
}

const FLAG_WITH_VALUE = /^--?([A-Za-z0-9_.-]+)=(.+)$/s;

/** Secrets in `args`: known formats anywhere, and `--api-key=VALUE` / `--token VALUE` style pairs. */
export function secretsInArgs(args: readonly string[]): LocatedHit[] {
  const hits: LocatedHit[] = [];
  args.forEach((arg, i) => {
    const inline = FLAG_WITH_VALUE.exec(arg);
    const prev = i > 0 ? /^--?([A-Za-z0-9_.-]+)$/.exec(args[i - 1]) : null;
    let found: SecretHit[];
    if (inline) found = findSecretsInNamedValue(inline[1], inline[2]);
    else if (prev) found = findSecretsInNamedValue(prev[1], arg);
    else found = findKnownSecrets(arg);
    for (const h of found) hits.push({ ...h, where: `args[${i}]`, raw: arg });
  });
  return hits;
}

/** Secrets in a name→value record (`env`, `headers`). */
export function secretsInRecord(kind: string, record: Record<string, string>): LocatedHit[] {
  return Object.entries(record).flatMap(([name, value]) =>
    findSecretsInNamedValue(name, value).map((h) => ({ ...h, where: `${kind}.${name}`, raw: value })),
  );
}

/** Secrets in a server URL: known formats anywhere (including `user:password@`), and `?api_key=...` parameters. */
export function secretsInUrl(url: string): LocatedHit[] {
  const known = findKnownSecrets(url).map((h) => ({ ...h, where: 'url', raw: url }));
  if (known.length > 0) return known;
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return [];
  }
  return [...params].flatMap(([name, value]) =>
    findSecretsInNamedValue(name, value).map((h) => ({ ...h, where: `url ?${name}=`, raw: url })),
  );
}
