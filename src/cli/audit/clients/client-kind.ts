import { basename } from 'node:path';
import type { McpClientKind } from '../../../security/secrets/client-placeholders';
import type { ClientConfigLocation } from './locate';

/**
 * Which client's placeholder rules apply to a config: from the location's client name, else from the file name
 * (a file named with `--client-config`). `undefined` when unknown (Windsurf, a generic file).
 */
export function clientKindOf(location: ClientConfigLocation): McpClientKind | undefined {
  const client = location.client.toLowerCase();
  const file = location.file.replace(/\\/g, '/');
  if (client.startsWith('claude desktop') || basename(file) === 'claude_desktop_config.json')
    return 'claude-desktop';
  if (
    client.startsWith('claude code') ||
    client === 'project .mcp.json' ||
    /(^|\/)\.(mcp|claude)\.json$/.test(file)
  )
    return 'claude-code';
  if (client.startsWith('cursor') || /\/\.cursor\/mcp\.json$/.test(file)) return 'cursor';
  if (client.startsWith('vs code') || /\/\.vscode\/mcp\.json$|\/Code\/User\/(mcp|settings)\.json$/.test(file))
    return 'vscode';
  return undefined;
}
