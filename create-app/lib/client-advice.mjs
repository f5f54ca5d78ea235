/**
 * How each MCP client passes a secret to a stdio server. The same text as `clientSecretAdviceFor` in
 * secure-mcp's src/security/secrets/client-placeholders.ts (this package does not depend on secure-mcp);
 * test/unit/first-hour/next-steps.test.ts keeps the two equal.
 */
export function clientSecretAdvice(name) {
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
