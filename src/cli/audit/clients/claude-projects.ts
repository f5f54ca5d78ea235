import { basename } from 'node:path';
import type { Finding } from '../finding';
import { parseJsonc } from './jsonc';
import { toClientServer, type ClientConfig } from './parse';

/** Servers Claude Code keeps for one project folder (`claude mcp add`'s default "local" scope). */
export interface ProjectScope {
  /** The project path as written in the file (untrusted text: shown escaped). */
  project: string;
  config: ClientConfig;
}

/** True for Claude Code's user file, which also holds per-project servers under `projects.<path>.mcpServers`. */
export function hasClaudeProjects(file: string): boolean {
  return basename(file) === '.claude.json';
}

/**
 * The per-project server lists of `~/.claude.json`, each as a config of its own. Their text has everything before
 * the project's key blanked (newlines kept), so a finding's line points into that project, not at a server of
 * the same name elsewhere in the file.
 */
export function claudeProjectScopes(cfg: ClientConfig): ProjectScope[] {
  let json: unknown;
  try {
    json = parseJsonc(cfg.text);
  } catch {
    return []; // already reported when the file was read
  }
  const projects = (json as { projects?: unknown } | null)?.projects;
  if (typeof projects !== 'object' || projects === null || Array.isArray(projects)) return [];
  const scopes: ProjectScope[] = [];
  for (const [project, entry] of Object.entries(projects as Record<string, unknown>)) {
    const servers = (entry as { mcpServers?: unknown } | null)?.mcpServers;
    if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) continue;
    const list = Object.entries(servers as Record<string, unknown>).map(([n, raw]) => toClientServer(n, raw));
    if (list.length === 0) continue;
    const at = Math.max(0, cfg.text.indexOf(JSON.stringify(project)));
    const text = cfg.text.slice(0, at).replace(/[^\n]/g, ' ') + cfg.text.slice(at);
    scopes.push({
      project,
      config: { location: { ...cfg.location, client: 'Claude Code (project)' }, text, servers: list },
    });
  }
  return scopes;
}

// JSON.stringify escapes C0 controls; DEL, C1 controls (0x9b is a one-byte CSI) and bidi overrides are escaped too.
const UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A path as a quoted string with every control or direction character escaped. */
export function quotePath(project: string): string {
  return JSON.stringify(project).replace(
    UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Names the project in each finding, escaped, so no control character of the path reaches a terminal. */
export function inProject(project: string, findings: Finding[]): Finding[] {
  const label = `Claude Code project ${quotePath(project)}`;
  return findings.map((f) => ({ ...f, title: `${label}: ${f.title}` }));
}
