import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The one per-user state directory of secure-mcp (usage records, the secret catalog, default audit files):
 *
 * - `$SECURE_MCP_STATE_DIR` when set (any platform);
 * - Windows: `%LOCALAPPDATA%\secure-mcp`, else `<home>\AppData\Local\secure-mcp`;
 * - macOS: `<home>/Library/Application Support/secure-mcp`;
 * - elsewhere: `$XDG_STATE_HOME/secure-mcp`, else `<home>/.local/state/secure-mcp`. A relative
 *   `XDG_STATE_HOME` is ignored, as the XDG base directory spec requires.
 *
 * `home` defaults to `$HOME` (`%USERPROFILE%` on Windows) of `env`, else the OS's idea of it.
 */
export function stateDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = env.HOME || env.USERPROFILE || homedir(),
): string {
  if (env.SECURE_MCP_STATE_DIR) return env.SECURE_MCP_STATE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'secure-mcp');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'secure-mcp');
  const xdg =
    env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(home, '.local', 'state');
  return join(xdg, 'secure-mcp');
}
