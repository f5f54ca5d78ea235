import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertSecretName } from './keychain';
import { stateDir } from '../../state-dir';

/** What is recorded about a stored secret: names and dates only, never a value. */
export interface SecretRecord {
  name: string;
  server: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601; equals `createdAt` until the first rotation. The 90-day rule counts from here. */
  rotatedAt: string;
}

interface CatalogFile {
  version: 1;
  secrets: SecretRecord[];
}

const FILE_NAME = 'secrets.json';
const DAY_MS = 86_400_000;

/** Whole days since `record` was last set or rotated. */
export function secretAgeDays(record: SecretRecord, now: Date = new Date()): number {
  return Math.floor((now.getTime() - Date.parse(record.rotatedAt)) / DAY_MS);
}

/**
 * The on-disk list of secrets stored with `secure-mcp secrets set`, for `secrets list` and the
 * `maxSecretAgeDays` rule of `secure-mcp audit`. It lives in `secrets.json` under {@link stateDir};
 * the file is created 0600 in a 0700 directory and replaced atomically (write + rename).
 */
export class SecretCatalog {
  /** Path of the JSON file. */
  readonly file: string;

  constructor(
    dir: string = stateDir(),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = join(dir, FILE_NAME);
  }

  /** Records `name` as (re)set now. A new name gets `createdAt`; an existing one keeps it and is rotated. */
  async set(server: string, name: string): Promise<SecretRecord> {
    return this.update(server, name, (existing, now) => ({
      name,
      server,
      createdAt: existing?.createdAt ?? now,
      rotatedAt: now,
    }));
  }

  /** Records a rotation of an existing secret. Throws when `name` is not in the catalog. */
  async rotate(server: string, name: string): Promise<SecretRecord> {
    return this.update(server, name, (existing, now) => {
      if (!existing)
        throw new Error(`secret ${name} of server ${server} is not in the catalog; use "set" first`);
      return { ...existing, rotatedAt: now };
    });
  }

  /** Forgets `name`; `false` when it was not recorded. */
  async remove(server: string, name: string): Promise<boolean> {
    const data = await this.read();
    const kept = data.secrets.filter((s) => !(s.server === server && s.name === name));
    if (kept.length === data.secrets.length) return false;
    await this.write({ ...data, secrets: kept });
    return true;
  }

  async get(server: string, name: string): Promise<SecretRecord | undefined> {
    return (await this.read()).secrets.find((s) => s.server === server && s.name === name);
  }

  /** Records of one server, or of all servers, sorted by server then name. */
  async list(server?: string): Promise<SecretRecord[]> {
    const all = (await this.read()).secrets.filter((s) => server === undefined || s.server === server);
    return all.sort((a, b) => a.server.localeCompare(b.server) || a.name.localeCompare(b.name));
  }

  /** Records not rotated for more than `maxAgeDays` days. */
  async olderThan(maxAgeDays: number, server?: string): Promise<SecretRecord[]> {
    const now = this.now();
    return (await this.list(server)).filter((r) => secretAgeDays(r, now) > maxAgeDays);
  }

  private async update(
    server: string,
    name: string,
    change: (existing: SecretRecord | undefined, now: string) => SecretRecord,
  ): Promise<SecretRecord> {
    assertSecretName(name);
    const data = await this.read();
    const index = data.secrets.findIndex((s) => s.server === server && s.name === name);
    const record = change(index === -1 ? undefined : data.secrets[index], this.now().toISOString());
    const secrets = [...data.secrets];
    if (index === -1) secrets.push(record);
    else secrets[index] = record;
    await this.write({ ...data, secrets });
    return record;
  }

  private async read(): Promise<CatalogFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: [] };
      throw error;
    }
    let data: Partial<CatalogFile>;
    try {
      data = JSON.parse(text) as Partial<CatalogFile>;
    } catch {
      // Not the parser's message: it quotes the file's text.
      throw new Error(`${this.file} is not valid JSON`);
    }
    if (data === null || typeof data !== 'object' || data.version !== 1 || !Array.isArray(data.secrets))
      throw new Error(`${this.file} is not a secret catalog`);
    // Keep only the known fields, so a hand-edited file cannot smuggle anything else through.
    return {
      version: 1,
      secrets: data.secrets.map(({ name, server, createdAt, rotatedAt }) => ({
        name,
        server,
        createdAt,
        rotatedAt,
      })),
    };
  }

  private async write(data: CatalogFile): Promise<void> {
    const dir = join(this.file, '..');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.file);
  }
}
