import { dirname } from 'node:path';
import type { UsageState } from '../../../audit/usage';
import { shellQuote } from '../../../shell-quote';
import type { Finding } from '../finding';
import { commandExists } from './command-exists';
import { findKnownSecrets } from '../../detect';
import { safeName } from '../safe-text';
import { secretsInEntry } from './check-secrets';
import type { ClientConfig, ClientServer } from './parse';
import { ConfigTextIndex } from './text-index';
import { urlPosture } from './url';

export interface ClientCheckOptions {
  env: NodeJS.ProcessEnv;
  usage: UsageState;
  unusedDays: number;
  now: Date;
  /** How a file path is shown. */
  display: (file: string) => string;
}

const DAY_MS = 86_400_000;

/** One server with where it is in the text and the name to show. */
interface Located {
  s: ClientServer;
  /** Offset of the server's key in the text. */
  at: number;
  line?: number;
  /** The name as shown in findings: secrets masked, length capped. */
  name: string;
}

function secretFix(where: string): string {
  const name = where.startsWith('env.') ? where.slice(4) : 'NAME';
  return (
    `Remove the value from the config and rotate the exposed credential; keep it in the OS keychain ` +
    `(secure-mcp secrets set ${shellQuote(name)}) or the project's .env, or pass it the way your client expands ` +
    `placeholders (Claude Desktop: none; Claude Code: "\${${name}}"; Cursor/VS Code: "\${env:${name}}").`
  );
}

function secretFindings(l: Located, index: ConfigTextIndex, file: string): Finding[] {
  // Every string and key of the entry, not only env/args/headers/url: a token also hides in `command`
  // ("GITHUB_TOKEN=... npx"), `cwd`, or fields of one client only.
  const seen = new Set<string>();
  const inName = findKnownSecrets(l.s.name).map((h) => ({ ...h, where: 'the server name', raw: l.s.name }));
  return [...inName, ...secretsInEntry(l.s.raw)].flatMap((h): Finding[] => {
    const key = `${h.where}\0${h.masked}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const at = index.stringOffset(h.raw, l.at);
    return [
      {
        id: 'client-secret',
        severity: 'high',
        title: `Server "${l.name}": ${h.label} hard-coded in ${h.where} (${h.masked})`,
        file,
        line: at === undefined ? l.line : index.lineAt(at),
        fix: secretFix(h.where),
      },
    ];
  });
}

function commandFinding(cfg: ClientConfig, l: Located, file: string, o: ClientCheckOptions): Finding[] {
  const s = l.s;
  if (!s.command || s.url) return [];
  const cwd = s.cwd ?? dirname(cfg.location.file);
  if (/\$\{|%[A-Za-z_]/.test(s.command) || commandExists(s.command, o.env, cwd)) return [];
  return [
    {
      id: 'client-command-missing',
      severity: 'medium',
      // Not the command itself: it is a raw config value and may carry a token ("TOKEN=... npx").
      title: `Server "${l.name}": its command is not found on PATH or on disk`,
      file,
      line: l.line,
      fix: 'Install the command or remove the stale server entry from the client config.',
    },
  ];
}

function urlFindings(l: Located, file: string): Finding[] {
  const s = l.s;
  if (!s.url) return [];
  const p = urlPosture(s.url);
  if (!p || p.local) return [];
  const line = l.line;
  const host = safeName(p.host, 80);
  const out: Finding[] = [
    {
      id: 'client-remote-url',
      severity: 'medium',
      title: `Server "${l.name}" is reached over the network (${host})`,
      file,
      line,
      fix: 'Prefer a local stdio server; if it must be remote, check who runs it, require OAuth and keep it on a private network.',
    },
  ];
  if (!p.secure) {
    out.push({
      id: 'client-insecure-url',
      severity: 'high',
      title: `Server "${l.name}" is reached over plain http (${host})`,
      file,
      line,
      fix: 'Use an https:// URL; plain http exposes tokens and tool traffic on the network.',
    });
  }
  return out;
}

function usageFinding(l: Located, file: string, o: ClientCheckOptions): Finding[] {
  const last = Object.hasOwn(o.usage.servers, l.s.name) ? o.usage.servers[l.s.name]?.lastUsed : undefined;
  const line = l.line;
  const time = last ? Date.parse(last) : NaN;
  if (!last || Number.isNaN(time)) {
    return [
      {
        id: 'client-usage-unknown',
        severity: 'info',
        title: `Server "${l.name}": usage unknown (no record of its calls)`,
        file,
        line,
        fix: 'Servers built with secure-mcp record their last call; for others, check by hand whether the server is still needed.',
      },
    ];
  }
  const days = Math.floor((o.now.getTime() - time) / DAY_MS);
  if (days < o.unusedDays) return [];
  return [
    {
      id: 'client-server-unused',
      severity: 'low',
      title: `Server "${l.name}" not used for ${days} days (last call ${new Date(time).toISOString().slice(0, 10)})`,
      file,
      line,
      fix: 'Remove servers you no longer use from the client config.',
    },
  ];
}

/** Every finding for one parsed client config. */
export function checkClientConfig(cfg: ClientConfig, o: ClientCheckOptions): Finding[] {
  const file = o.display(cfg.location.file);
  // One pass over the text; each server and value is then found by lookup (linear in the file).
  const index = new ConfigTextIndex(cfg.text);
  let cursor = 0;
  return cfg.servers.flatMap((s) => {
    const at = index.keyOffset(s.name, cursor);
    if (at !== undefined && at >= cursor) cursor = at;
    const l: Located = {
      s,
      at: at ?? 0,
      line: at === undefined ? undefined : index.lineAt(at),
      name: safeName(s.name),
    };
    return [
      ...secretFindings(l, index, file),
      ...commandFinding(cfg, l, file, o),
      ...urlFindings(l, file),
      ...usageFinding(l, file, o),
    ];
  });
}
