import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { ConfigFileError, readConfigFile } from '../../files/read-config-file';
import type { SecretProvider } from '../provider';

const DOTENV_MAX_BYTES = 1024 * 1024;

/**
 * Reads a `.env` file with `dotenv.parse`. It never writes to `process.env`: the environment keeps priority
 * because the resolver asks {@link EnvProvider} first, and no other code in the process sees the file's
 * values. The file is read once, on first use; a missing file is not an error (it is reported as
 * "no such file" if a secret ends up missing).
 */
export class DotenvProvider implements SecretProvider {
  readonly name = 'dotenv';
  /** Absolute path of the file. */
  readonly path: string;
  private loaded?: Promise<Record<string, string> | undefined>;
  private missing = false;

  constructor(path = '.env') {
    this.path = resolve(path);
  }

  async get(name: string): Promise<string | undefined> {
    this.loaded ??= this.load();
    const value = (await this.loaded)?.[name];
    return value === undefined || value === '' ? undefined : value;
  }

  describe(): string {
    return `.env file ${this.path}${this.missing ? ' (no such file)' : ''}`;
  }

  private async load(): Promise<Record<string, string> | undefined> {
    try {
      // Regular file only and size-capped: a FIFO or a link to /dev/zero must not hang or fill memory.
      return parse(await readConfigFile(this.path, { maxBytes: DOTENV_MAX_BYTES }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.missing = true;
        return undefined;
      }
      // Unreadable (permissions, a directory...): say so rather than silently skipping the file.
      if (error instanceof ConfigFileError) throw new Error(`cannot read ${this.path}: ${error.reason}`);
      throw new Error(`cannot read ${this.path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
}
