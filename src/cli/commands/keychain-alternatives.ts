import { join } from 'node:path';

/**
 * What to do when the OS keychain does not answer (headless Linux without a Secret Service): the ways a
 * secure-mcp server finds a secret that work on this machine, so `secrets set` is never a dead end.
 */
export function keychainAlternatives(name: string, cwd: string, reason: string, action: string): string {
  return [
    `secure-mcp: the OS keychain is not available on this machine (${reason}), so ${name} was not ${action}.`,
    'What works here instead (the server looks in this order: environment, .env, keychain, providers):',
    `  - the project's git-ignored .env: add ${name}=... to ${join(cwd, '.env')} (the server reads the .env next ` +
      `to its package.json, whatever folder the client starts it from)`,
    `  - an environment variable ${name} where the server starts (the shell, or the client config's "env" ` +
      `block; Cursor and VS Code write "\${env:${name}}", Claude Desktop needs the literal value)`,
    '  - a SecretProvider (e.g. a cloud secrets manager) in createServer({ secrets: { providers: [...] } })',
    '  - or start a Secret Service (e.g. gnome-keyring in a D-Bus session) and run this command again.',
  ].join('\n');
}
