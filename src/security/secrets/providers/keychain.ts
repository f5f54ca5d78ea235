import { keychainGet, keychainService, KeychainUnavailableError } from '../keychain';
import { SecretProviderUnavailable, type SecretContext, type SecretProvider } from '../provider';

/**
 * The OS keychain: service `secure-mcp/<server>`, account `<NAME>` (what `npx secure-mcp secrets set` writes).
 * When no keychain is reachable it throws {@link SecretProviderUnavailable} on lookup, never at import or
 * construction, and remembers that, so a server with ten secrets probes once.
 */
export class KeychainProvider implements SecretProvider {
  readonly name = 'keychain';
  private unavailableReason?: string;

  async get(name: string, ctx: SecretContext): Promise<string | undefined> {
    if (this.unavailableReason) throw new SecretProviderUnavailable(this.unavailableReason);
    try {
      return await keychainGet(ctx.server, name);
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      this.unavailableReason = error.message;
      throw new SecretProviderUnavailable(error.message);
    }
  }

  describe(name: string, ctx: SecretContext): string {
    return `OS keychain service "${keychainService(ctx.server)}" account "${name}"`;
  }
}
