import { secretAgeDays, type SecretCatalog } from '../../../security/secrets/catalog';
import type { Finding } from '../finding';

/** Secrets in the catalog whose last rotation (or creation) is more than `maxDays` days before `now`. */
export async function checkSecretAge(catalog: SecretCatalog, maxDays: number, now: Date): Promise<Finding[]> {
  return (await catalog.olderThan(maxDays)).map((e) => ({
    id: 'secret-stale',
    severity: 'medium',
    title: `Secret ${e.name} of server "${e.server}" is ${secretAgeDays(e, now)} days old (max ${maxDays})`,
    fix: `Rotate it: secure-mcp secrets rotate ${e.name} --server ${e.server}`,
  }));
}
