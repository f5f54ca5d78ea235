import { secretAgeDays, type SecretCatalog } from '../../../security/secrets/catalog';
import { shellQuote } from '../../../shell-quote';
import type { Finding } from '../finding';

function rotateCommand(name: string, server: string): string {
  return `secure-mcp secrets rotate ${shellQuote(String(name))} --server ${shellQuote(String(server))}`;
}

/**
 * Secrets in the catalog whose last rotation (or creation) is more than `maxDays` days before `now`, and secrets
 * whose age cannot be known (a malformed or future date hides nothing: it is reported).
 */
export async function checkSecretAge(catalog: SecretCatalog, maxDays: number, now: Date): Promise<Finding[]> {
  const stale = (await catalog.olderThan(maxDays)).map((e): Finding => ({
    id: 'secret-stale',
    severity: 'medium',
    title: `Secret ${e.name} of server "${e.server}" is ${secretAgeDays(e, now)} days old (max ${maxDays})`,
    fix: `Rotate it: ${rotateCommand(e.name, e.server)}`,
  }));
  const undated = (await catalog.undated()).map(({ record: e, problem }): Finding => ({
    id: 'secret-date-invalid',
    severity: 'medium',
    title: `Secret ${e.name} of server "${e.server}": ${problem}, so its age is unknown (max ${maxDays} days)`,
    fix: `Rotate it to record a real date: ${rotateCommand(e.name, e.server)}`,
  }));
  return [...stale, ...undated];
}
