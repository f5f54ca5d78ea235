import type { SecretProvider } from '../provider';

/** Secrets from a fixed map: fake secrets for tests, or values your code obtained some other way. */
export class StaticProvider implements SecretProvider {
  private readonly values: ReadonlyMap<string, string>;

  constructor(
    values: Record<string, string> | ReadonlyMap<string, string>,
    readonly name: string = 'static',
  ) {
    this.values = values instanceof Map ? new Map(values) : new Map(Object.entries(values));
  }

  async get(name: string): Promise<string | undefined> {
    const value = this.values.get(name);
    return value === '' ? undefined : value;
  }

  describe(): string {
    return `provider ${this.name} (values given in code)`;
  }
}
