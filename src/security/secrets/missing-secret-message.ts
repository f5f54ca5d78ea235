import { shellQuote } from '../../shell-quote';

/** A secret that no provider had. */
export interface MissingSecret {
  name: string;
  /** Tool classes that need it. */
  tools: string[];
  /** Every place looked, in order, with its state, e.g. `.env file /app/.env (no such file)`. */
  looked: string[];
  /** The provider it was restricted to, if any. */
  restriction?: string;
  /** Providers that could not be asked on this machine (e.g. `keychain` with no Secret Service running). */
  unavailable?: string[];
  /** The `.env` file the server reads, when it reads one. */
  envFile?: string;
}

/** The start-up error text for missing secrets: names, tools, places looked, how to fix. Never values. */
export function missingSecretsMessage(missing: MissingSecret[], server: string): string {
  const lines = missing.map((m) => missingSecretLine(m, server));
  if (lines.length === 1) return lines[0];
  return `${lines.length} secrets were not found:\n- ${lines.join('\n- ')}`;
}

function missingSecretLine(m: MissingSecret, server: string): string {
  return (
    `Secret ${m.name} needed by ${m.tools.join(', ')} was not found. ` +
    `Looked in: ${m.looked.join('; ')}. ${howToSet(m, server)}`
  );
}

// Only suggest what works on this machine: no keychain advice where no keychain answers (headless Linux).
function howToSet(m: MissingSecret, server: string): string {
  const keychainDown = m.unavailable?.includes('keychain') ?? false;
  switch (m.restriction) {
    case undefined:
      if (keychainDown) return withoutKeychain(m);
      return setCommand(m.name, server);
    case 'keychain':
      if (keychainDown) {
        return (
          `${m.name} may only come from the OS keychain, which is not reachable here; start a Secret Service ` +
          `(e.g. gnome-keyring) or drop the keychain-only restriction of @Secret('${m.name}').`
        );
      }
      return setCommand(m.name, server);
    case 'env':
      return `Set the environment variable ${m.name}.`;
    case 'dotenv':
      return `Add ${m.name}=... to the .env file.`;
    default:
      return `Store it where provider ${m.restriction} looks.`;
  }
}

function setCommand(name: string, server: string): string {
  return `Set it with: npx secure-mcp secrets set ${shellQuote(name)} --server ${shellQuote(server)}`;
}

function withoutKeychain(m: MissingSecret): string {
  const options = [`set the environment variable ${m.name} (e.g. in the MCP client config's "env" block)`];
  if (m.envFile) options.push(`add ${m.name}=... to ${m.envFile} (git-ignored)`);
  options.push('register a SecretProvider (e.g. a cloud secrets manager)');
  return `The OS keychain is not available on this machine, so ${options.join(', or ')}.`;
}
