import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
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

// What the catalog itself writes (`Date#toISOString`); anything else was edited by hand.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
// Clocks of two machines sharing a home folder may differ a little; more than this is not clock skew.
const FUTURE_TOLERANCE_MS = 86_400_000;

/**
 * Why the age of `record` cannot be known (a missing, malformed or future `rotatedAt`), or `undefined` when it
 * can. Such a record must not pass the age rule silently: it is reported as due for rotation.
 */
export function secretDateProblem(record: SecretRecord, now: Date = new Date()): string | undefined {
  const at = record.rotatedAt as unknown;
  if (typeof at !== 'string' || !ISO_UTC.test(at) || Number.isNaN(Date.parse(at)))
    return 'its rotation date is missing or malformed';
  if (Date.parse(at) > now.getTime() + FUTURE_TOLERANCE_MS) return 'its rotation date is in the future';
  return undefined;
}

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

  /** Records not rotated for more than `maxAgeDays` days (see {@link secretDateProblem} for unknown ages). */
  async olderThan(maxAgeDays: number, server?: string): Promise<SecretRecord[]> {
    const now = this.now();
    return (await this.list(server)).filter(
      (r) => secretDateProblem(r, now) === undefined && secretAgeDays(r, now) > maxAgeDays,
    );
  }

  /** Records whose age cannot be known (malformed or future `rotatedAt`), with the reason. */
  async undated(server?: string): Promise<{ record: SecretRecord; problem: string }[]> {
    const now = this.now();
    return (await this.list(server)).flatMap((record) => {
      const problem = secretDateProblem(record, now);
      return problem ? [{ record, problem }] : [];
    });
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

  /**
   * Replaces the file atomically. The temp file has a random name and is created with O_EXCL | O_NOFOLLOW in the
   * same folder: a name planted in advance (a link to another file) makes the write fail, never follow it.
   */
  private async write(data: CatalogFile): Promise<void> {
    const dir = join(this.file, '..');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${randomBytes(12).toString('hex')}.tmp`;
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
    const handle = await open(temp, flags, 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(data, null, 2)}\n`);
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, this.file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
