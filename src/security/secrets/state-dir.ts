import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Directory for secure-mcp's per-user state (the secret catalog; usage records): `SECURE_MCP_STATE_DIR` if
 * set, else the platform's convention: `$XDG_STATE_HOME/secure-mcp` or `~/.local/state/secure-mcp` (Linux),
 * `~/Library/Application Support/secure-mcp` (macOS), `%LOCALAPPDATA%\secure-mcp` (Windows).
 */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.SECURE_MCP_STATE_DIR) return env.SECURE_MCP_STATE_DIR;
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'secure-mcp');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'secure-mcp');
  return join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'secure-mcp');
}
