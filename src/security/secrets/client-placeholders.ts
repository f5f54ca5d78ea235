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

/** The MCP clients whose placeholder rules differ. */
export type McpClientKind = 'claude-desktop' | 'claude-code' | 'cursor' | 'vscode';

/** Display names, in the order advice is given. */
export const MCP_CLIENTS: Record<McpClientKind, string> = {
  'claude-desktop': 'Claude Desktop',
  'claude-code': 'Claude Code',
  cursor: 'Cursor',
  vscode: 'VS Code',
};

/** How to pass secret `name` to a stdio server in one client's config. */
export function clientSecretAdviceFor(client: McpClientKind, name: string): string {
  switch (client) {
    case 'claude-desktop':
      return (
        `Claude Desktop does not expand placeholders: keep ${name} out of the config and store it with ` +
        `"npx secure-mcp secrets set ${name}" (OS keychain) or in the project's git-ignored .env.`
      );
    case 'claude-code':
      return (
        `Claude Code (.mcp.json) expands "\${${name}}" only if ${name} is set in the environment Claude Code was ` +
        `started from; otherwise the literal text arrives.`
      );
    case 'cursor':
      return `Cursor (mcp.json) uses "\${env:${name}}" (or an "envFile" entry), not "\${${name}}".`;
    case 'vscode':
      return (
        `VS Code (.vscode/mcp.json) uses "\${input:${name.toLowerCase()}}" with an "inputs" entry ` +
        `(password: true), or "\${env:${name}}".`
      );
  }
}

/**
 * How to pass secret `name` to a stdio server in each client's config. One text, used by the start-up error,
 * the scaffolder and `secure-mcp audit`, so the advice never disagrees.
 */
export function clientSecretAdvice(name: string): string[] {
  return (Object.keys(MCP_CLIENTS) as McpClientKind[]).map((c) => clientSecretAdviceFor(c, name));
}

/**
 * Why a placeholder in a client's config will not become the value the server expects, or `undefined` when
 * the client expands it. Claude Desktop expands none; Claude Code expands `${NAME}` and `${NAME:-default}`;
 * Cursor and VS Code expand `${env:NAME}` (VS Code also `${input:id}`) and their own variables
 * (`${workspaceFolder}`, `${userHome}`...), not a bare `${NAME}`.
 */
export function placeholderProblem(client: McpClientKind, value: string): string | undefined {
  const v = value.trim();
  if (!isUnexpandedPlaceholder(v)) return undefined;
  const m = INNER_NAME.exec(v);
  const kind = m?.[1];
  switch (client) {
    case 'claude-desktop':
      return 'Claude Desktop does not expand placeholders; the server receives this text literally';
    case 'claude-code':
      if (m && kind === undefined) return undefined;
      return 'Claude Code expands only ${NAME} and ${NAME:-default}; the server receives this text literally';
    case 'cursor':
    case 'vscode': {
      if (kind === 'env' || (kind === 'input' && client === 'vscode')) return undefined;
      if (m && kind === undefined && EDITOR_VARIABLES.has(m[2])) return undefined;
      return `${MCP_CLIENTS[client]} expands \${env:NAME}${client === 'vscode' ? ' and ${input:id}' : ''}, not this form; the server receives this text literally`;
    }
  }
}

// Variables Cursor and VS Code substitute themselves.
const EDITOR_VARIABLES = new Set([
  'workspaceFolder',
  'workspaceFolderBasename',
  'userHome',
  'pathSeparator',
  'cwd',
  'file',
  'fileDirname',
]);
