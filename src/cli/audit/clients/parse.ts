import { readConfigFileSync } from '../../../security/files/read-config-file';
import { parseJsonc } from './jsonc';
import type { ClientConfigLocation } from './locate';

/** One server entry of a client config, as far as the audit cares. */
export interface ClientServer {
  name: string;
  command?: string;
  args: string[];
  env: Record<string, string>;
  headers: Record<string, string>;
  url?: string;
  cwd?: string;
  /** The entry as written: every field of it is scanned for secrets, not only the known ones. */
  raw: unknown;
}

export interface ClientConfig {
  location: ClientConfigLocation;
  text: string;
  servers: ClientServer[];
}

function stringRecord(v: unknown): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

function serversObject(json: unknown, key: ClientConfigLocation['serversKey']): Record<string, unknown> {
  let node: unknown = json;
  if (key === 'mcp.servers') {
    node =
      (json as Record<string, unknown>)?.['mcp.servers'] ??
      (json as { mcp?: { servers?: unknown } })?.mcp?.servers;
  } else {
    node = (json as Record<string, unknown>)?.[key];
    // Accept the other common key too: people copy configs between clients.
    node ??= (json as Record<string, unknown>)?.[key === 'servers' ? 'mcpServers' : 'servers'];
  }
  return typeof node === 'object' && node !== null && !Array.isArray(node)
    ? (node as Record<string, unknown>)
    : {};
}

/** Turns one raw server entry into a {@link ClientServer}. */
export function toClientServer(name: string, raw: unknown): ClientServer {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    name,
    command: typeof r.command === 'string' ? r.command : undefined,
    args: Array.isArray(r.args) ? r.args.filter((a): a is string => typeof a === 'string') : [],
    env: stringRecord(r.env),
    headers: stringRecord(r.headers),
    url: typeof r.url === 'string' ? r.url : typeof r.serverUrl === 'string' ? r.serverUrl : undefined,
    cwd: typeof r.cwd === 'string' ? r.cwd : undefined,
    raw,
  };
}

/** Reads and parses a client config. Throws when the file is not (JSONC) JSON. */
export function readClientConfig(location: ClientConfigLocation): ClientConfig {
  const text = readConfigFileSync(location.file);
  const json = parseJsonc(text);
  const servers = Object.entries(serversObject(json, location.serversKey)).map(([n, raw]) =>
    toClientServer(n, raw),
  );
  return { location, text, servers };
}

/** 1-based line of the first occurrence of `needle` in `text` at or after `from`; undefined when absent. */
export function lineOf(text: string, needle: string, from = 0): number | undefined {
  const at = text.indexOf(needle, from);
  if (at === -1) return undefined;
  return text.slice(0, at).split('\n').length;
}
