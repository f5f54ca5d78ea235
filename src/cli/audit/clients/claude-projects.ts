import { basename } from 'node:path';
import type { Finding } from '../finding';
import { parseJsonc } from './jsonc';
import { toClientServer, type ClientConfig } from './parse';

/** Servers Claude Code keeps for one project folder (`claude mcp add`'s default "local" scope). */
export interface ProjectScope {
  /** The project path as written in the file (untrusted text: shown escaped). */
  project: string;
  /** The project's part of the file as its own config (`text` is that part only). */
  config: ClientConfig;
  /** Lines of the file before that part: added to the lines of its findings. */
  lineOffset: number;
}

/** True for Claude Code's user file, which also holds per-project servers under `projects.<path>.mcpServers`. */
export function hasClaudeProjects(file: string): boolean {
  return basename(file) === '.claude.json';
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The per-project server lists of `~/.claude.json`, each as a config of its own whose text is the file from that
 * project's key to the next one's, so a finding's line points into that project, not at a server of the same
 * name elsewhere. Keys are looked for forwards only, so the whole file is walked once however many projects.
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
  const entries = Object.entries(projects as Record<string, unknown>);
  const text = cfg.text;
  const start = Math.max(0, text.indexOf('"projects"'));
  const starts: number[] = [];
  for (let i = 0, from = start; i < entries.length; i++) {
    const at = text.indexOf(JSON.stringify(entries[i][0]), from);
    from = at === -1 ? from : at;
    starts.push(from);
  }
  const scopes: ProjectScope[] = [];
  let lines = 0;
  let counted = 0;
  entries.forEach(([project, entry], i) => {
    const servers = (entry as { mcpServers?: unknown } | null)?.mcpServers;
    if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) return;
    const list = Object.entries(servers as Record<string, unknown>).map(([n, raw]) => toClientServer(n, raw));
    if (list.length === 0) return;
    lines += countLines(text, counted, starts[i]);
    counted = starts[i];
    scopes.push({
      project,
      config: {
        location: { ...cfg.location, client: 'Claude Code (project)' },
        text: text.slice(starts[i], starts[i + 1] ?? text.length),
        servers: list,
      },
      lineOffset: lines,
    });
  });
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

/**
 * Names the project in each finding (escaped, so no control character of the path reaches a terminal) and turns
 * its line, counted in the project's part, into a line of the file.
 */
export function inProject(scope: ProjectScope, findings: Finding[]): Finding[] {
  const label = `Claude Code project ${quotePath(scope.project)}`;
  return findings.map((f) => ({
    ...f,
    title: `${label}: ${f.title}`,
    line: f.line === undefined ? undefined : f.line + scope.lineOffset,
  }));
}
