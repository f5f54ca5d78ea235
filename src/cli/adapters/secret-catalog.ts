import { join } from 'node:path';
import { readJsonIfExists } from './read-json';
import { stateDir } from './state-dir';

/**
 * ADAPTER (lead: point at the `SecretCatalog` of `src/security/secrets/` when merging).
 * Names and dates only, never values: `{ "secrets": [ { "server", "name", "createdAt", "rotatedAt" } ] }`.
 */
export interface SecretCatalogEntry {
  server: string;
  name: string;
  createdAt: string;
  rotatedAt?: string;
}

export const SECRET_CATALOG_FILE = 'secrets.json';

function isEntry(v: unknown): v is SecretCatalogEntry {
  const e = v as SecretCatalogEntry;
  return typeof e?.server === 'string' && typeof e.name === 'string' && typeof e.createdAt === 'string';
}

/** Catalog entries (empty when there is no catalog). Throws when the file is malformed. */
export function readSecretCatalog(dir: string = stateDir()): SecretCatalogEntry[] {
  const file = join(dir, SECRET_CATALOG_FILE);
  const raw = readJsonIfExists(file) as { secrets?: unknown } | undefined;
  if (raw === undefined) return [];
  if (!Array.isArray(raw.secrets) || !raw.secrets.every(isEntry)) {
    throw new Error(`${file}: expected { "secrets": [ { "server", "name", "createdAt", "rotatedAt"? } ] }`);
  }
  return raw.secrets;
}
