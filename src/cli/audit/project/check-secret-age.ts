import type { SecretCatalogEntry } from '../../adapters/secret-catalog';
import type { Finding } from '../finding';

const DAY_MS = 86_400_000;

/** Secrets whose last rotation (or creation) is older than `maxDays`. */
export function checkSecretAge(
  entries: readonly SecretCatalogEntry[],
  maxDays: number,
  now: Date,
  file?: string,
): Finding[] {
  return entries.flatMap((e): Finding[] => {
    const since = Date.parse(e.rotatedAt ?? e.createdAt);
    if (Number.isNaN(since)) return [];
    const days = Math.floor((now.getTime() - since) / DAY_MS);
    if (days <= maxDays) return [];
    return [
      {
        id: 'secret-stale',
        severity: 'medium',
        title: `Secret ${e.name} of server "${e.server}" is ${days} days old (max ${maxDays})`,
        file,
        fix: `Rotate it: secure-mcp secrets rotate ${e.name} --server ${e.server}`,
      },
    ];
  });
}
