/** What a provider knows about the lookup it is asked to do. */
export interface SecretContext {
  /** The server name given to `createServer` (keychain service `secure-mcp/<server>`). */
  server: string;
}

/**
 * A place secrets come from: the environment, a `.env` file, the OS keychain, or your own (a cloud secret
 * manager, Vault...). Register custom ones with `createServer({ secrets: { providers: [...] } })`.
 */
export interface SecretProvider {
  /** Short, stable id; `@Secret('X', { provider: '<name>' })` restricts a secret to this provider. */
  readonly name: string;
  /**
   * The secret's value, or `undefined` when this provider does not have it. Throw
   * {@link SecretProviderUnavailable} when the provider could not look at all (no keychain, no network): the
   * start-up error then says so. Never put a secret value in an error message.
   */
  get(name: string, ctx: SecretContext): Promise<string | undefined>;
  /**
   * Where this provider looked for `name`, for the missing-secret error, e.g. `.env file /srv/app/.env`.
   * Default: `provider <name>`.
   */
  describe?(name: string, ctx: SecretContext): string;
}

/** Thrown by a provider that could not look (as opposed to looked and found nothing). */
export class SecretProviderUnavailable extends Error {
  override readonly name: string = 'SecretProviderUnavailable';
}
