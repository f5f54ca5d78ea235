import type { SecretProvider } from '../provider';

/**
 * Reads `process.env` (or the given map) at lookup time. An empty value counts as not set: `FOO=` is what
 * shells and compose files produce for a variable that was never filled in, and an empty key is never valid.
 */
export class EnvProvider implements SecretProvider {
  readonly name = 'env';

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(name: string): Promise<string | undefined> {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  describe(name: string): string {
    return `environment variable ${name}`;
  }
}
