/**
 * MCP clients differ in how they expand placeholders in a server's `env` block. A client that does not expand
 * one passes the text literally, and a server that took `${API_KEY}` as the key would send it upstream. These
 * helpers recognise such values and say, per client, what works there.
 */

// `${NAME}`, `${NAME:-default}`, `${env:NAME}`, `${input:id}`, `$NAME`, `%NAME%` (Windows; upper-case names only, as env names are), whole value only.
const PLACEHOLDER = /^(?:\$\{[^}]{1,200}\}|\$[A-Z_][A-Z0-9_]{0,200}|%[A-Z_][A-Z0-9_]{0,200}%)$/;
const INNER_NAME = /^\$\{(?:(env|input):)?([A-Za-z_][A-Za-z0-9_.-]{0,100})/;

/** Whether a value is an unexpanded client placeholder rather than a real value. */
export function isUnexpandedPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

/** The kind of placeholder, for the message; never the default part, which may hold a value. */
export function describePlaceholder(value: string): string {
  const v = value.trim();
  const m = INNER_NAME.exec(v);
  if (m?.[1] === 'env') return `\${env:${m[2]}}`;
  if (m?.[1] === 'input') return `\${input:${m[2]}}`;
  if (m) return `\${${m[2]}${v.includes(':-') ? ':-…' : ''}}`;
  if (v.startsWith('%')) return '%NAME%';
  return '$NAME';
}

/**
 * How to pass secret `name` to a stdio server in each client's config. One text, used by the start-up error,
 * the scaffolder and `secure-mcp audit`, so the advice never disagrees.
 */
export function clientSecretAdvice(name: string): string[] {
  return [
    `Claude Desktop does not expand placeholders: keep ${name} out of the config and store it with ` +
      `"npx secure-mcp secrets set ${name}" (OS keychain) or in the project's git-ignored .env.`,
    `Claude Code (.mcp.json) expands "\${${name}}" only if ${name} is set in the environment Claude Code was ` +
      `started from; otherwise the literal text arrives.`,
    `Cursor (mcp.json) uses "\${env:${name}}" (or an "envFile" entry), not "\${${name}}".`,
    `VS Code (.vscode/mcp.json) uses "\${input:${name.toLowerCase()}}" with an "inputs" entry ` +
      `(password: true), or "\${env:${name}}".`,
  ];
}
