/** A secret that no provider had. */
export interface MissingSecret {
  name: string;
  /** Tool classes that need it. */
  tools: string[];
  /** Every place looked, in order, with its state, e.g. `.env file /app/.env (no such file)`. */
  looked: string[];
  /** The provider it was restricted to, if any. */
  restriction?: string;
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

function howToSet(m: MissingSecret, server: string): string {
  switch (m.restriction) {
    case undefined:
    case 'keychain':
      return `Set it with: npx secure-mcp secrets set ${m.name} --server ${server}`;
    case 'env':
      return `Set the environment variable ${m.name}.`;
    case 'dotenv':
      return `Add ${m.name}=... to the .env file.`;
    default:
      return `Store it where provider ${m.restriction} looks.`;
  }
}
