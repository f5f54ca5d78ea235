import { NotWiredError } from './not-wired';
import type { SecretCatalogEntry } from './secret-catalog';

/**
 * ADAPTER (lead: point at the keychain + `SecretCatalog` of `src/security/secrets/` when merging).
 * Values live in the OS keychain (service `secure-mcp/<server>`, account `NAME`); the catalog records
 * names and dates only.
 */
export interface SecretsBackend {
  set(server: string, name: string, value: string): Promise<void>;
  get(server: string, name: string): Promise<string | undefined>;
  rotate(server: string, name: string, value: string): Promise<void>;
  remove(server: string, name: string): Promise<boolean>;
  list(server?: string): Promise<SecretCatalogEntry[]>;
}

const notWired = async (): Promise<never> => {
  throw new NotWiredError('the OS keychain backend (src/security/secrets)');
};

/** The backend the CLI uses. Until the secrets module is merged, only `list` (the catalog file) works. */
export function secretsBackend(
  listCatalog: (server?: string) => Promise<SecretCatalogEntry[]>,
): SecretsBackend {
  return { set: notWired, get: notWired, rotate: notWired, remove: notWired, list: listCatalog };
}
