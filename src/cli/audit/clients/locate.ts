import { join } from 'node:path';

/** Which client a config file belongs to, and where its servers live in it. */
export interface ClientConfigLocation {
  client: string;
  file: string;
  /** Property path to the servers object: `mcpServers`, `servers`, or `mcp.servers` (VS Code settings). */
  serversKey: 'mcpServers' | 'servers' | 'mcp.servers';
}

export interface LocateOptions {
  home: string;
  project?: string;
  /** `%APPDATA%`; only used when the home folder is the real one. */
  appData?: string;
}

/**
 * Every place an MCP client keeps its configuration, for all platforms at once (a file that does not
 * exist is skipped later), so that `--home` can point at a copy of any machine's home folder.
 */
export function clientConfigLocations(opts: LocateOptions): ClientConfigLocation[] {
  const { home, project } = opts;
  const appData = opts.appData ?? join(home, 'AppData', 'Roaming');
  const claude = 'claude_desktop_config.json';
  const list: ClientConfigLocation[] = [
    {
      client: 'Claude Desktop (macOS)',
      file: join(home, 'Library', 'Application Support', 'Claude', claude),
      serversKey: 'mcpServers',
    },
    { client: 'Claude Desktop (Windows)', file: join(appData, 'Claude', claude), serversKey: 'mcpServers' },
    {
      client: 'Claude Desktop (Linux)',
      file: join(home, '.config', 'Claude', claude),
      serversKey: 'mcpServers',
    },
    { client: 'Cursor (user)', file: join(home, '.cursor', 'mcp.json'), serversKey: 'mcpServers' },
    { client: 'Claude Code (user)', file: join(home, '.claude.json'), serversKey: 'mcpServers' },
    {
      client: 'Windsurf',
      file: join(home, '.codeium', 'windsurf', 'mcp_config.json'),
      serversKey: 'mcpServers',
    },
    {
      client: 'VS Code (user, macOS)',
      file: join(home, 'Library', 'Application Support', 'Code', 'User', 'settings.json'),
      serversKey: 'mcp.servers',
    },
    {
      client: 'VS Code (user, Windows)',
      file: join(appData, 'Code', 'User', 'settings.json'),
      serversKey: 'mcp.servers',
    },
    {
      client: 'VS Code (user, Linux)',
      file: join(home, '.config', 'Code', 'User', 'settings.json'),
      serversKey: 'mcp.servers',
    },
    {
      client: 'VS Code (user, macOS)',
      file: join(home, 'Library', 'Application Support', 'Code', 'User', 'mcp.json'),
      serversKey: 'servers',
    },
    {
      client: 'VS Code (user, Windows)',
      file: join(appData, 'Code', 'User', 'mcp.json'),
      serversKey: 'servers',
    },
    {
      client: 'VS Code (user, Linux)',
      file: join(home, '.config', 'Code', 'User', 'mcp.json'),
      serversKey: 'servers',
    },
  ];
  if (project) {
    list.push(
      { client: 'Cursor (project)', file: join(project, '.cursor', 'mcp.json'), serversKey: 'mcpServers' },
      { client: 'VS Code (project)', file: join(project, '.vscode', 'mcp.json'), serversKey: 'servers' },
      { client: 'Project .mcp.json', file: join(project, '.mcp.json'), serversKey: 'mcpServers' },
    );
  }
  return list;
}

/** Guesses the servers key of a file named with `--client-config`. */
export function locationForFile(file: string): ClientConfigLocation {
  const norm = file.replace(/\\/g, '/');
  if (/\/\.vscode\/mcp\.json$|\/Code\/User\/mcp\.json$/.test(norm))
    return { client: 'VS Code', file, serversKey: 'servers' };
  if (/\/settings\.json$/.test(norm)) return { client: 'VS Code settings', file, serversKey: 'mcp.servers' };
  return { client: 'MCP client config', file, serversKey: 'mcpServers' };
}
