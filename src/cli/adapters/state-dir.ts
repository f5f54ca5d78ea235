import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder where secure-mcp keeps per-user state (usage records, the secret catalog):
 * `$SECURE_MCP_STATE_DIR`, else `$XDG_STATE_HOME/secure-mcp`, else `<home>/.local/state/secure-mcp`.
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (env.SECURE_MCP_STATE_DIR) return env.SECURE_MCP_STATE_DIR;
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'secure-mcp');
  return join(home, '.local', 'state', 'secure-mcp');
}
