import { dirname } from 'node:path';
import type { UsageState } from '../../../audit/usage';
import { shellQuote } from '../../../shell-quote';
import type { Finding } from '../finding';
import { commandExists } from './command-exists';
import { secretsInArgs, secretsInRecord, secretsInUrl } from './check-secrets';
import { lineOf, type ClientConfig, type ClientServer } from './parse';
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

function serverLine(cfg: ClientConfig, s: ClientServer): number | undefined {
  return lineOf(cfg.text, JSON.stringify(s.name) + ':') ?? lineOf(cfg.text, JSON.stringify(s.name));
}

function secretFix(where: string): string {
  const name = where.startsWith('env.') ? where.slice(4) : 'NAME';
  return (
    `Keep the value in the OS keychain (secure-mcp secrets set ${shellQuote(name)}) or the environment, reference it ` +
    `as "\${${name}}", and rotate the exposed credential.`
  );
}

function secretFindings(cfg: ClientConfig, s: ClientServer, file: string, from: number): Finding[] {
  const hits = [
    ...secretsInRecord('env', s.env),
    ...secretsInArgs(s.args),
    ...secretsInRecord('headers', s.headers),
  ];
  if (s.url) hits.push(...secretsInUrl(s.url));
  return hits.map((h) => ({
    id: 'client-secret',
    severity: 'high',
    title: `Server "${s.name}": ${h.label} hard-coded in ${h.where} (${h.masked})`,
    file,
    line: lineOf(cfg.text, JSON.stringify(h.raw).slice(1, -1), from) ?? serverLine(cfg, s),
    fix: secretFix(h.where),
  }));
}

function commandFinding(cfg: ClientConfig, s: ClientServer, file: string, o: ClientCheckOptions): Finding[] {
  if (!s.command || s.url) return [];
  const cwd = s.cwd ?? dirname(cfg.location.file);
  if (/\$\{|%[A-Za-z_]/.test(s.command) || commandExists(s.command, o.env, cwd)) return [];
  return [
    {
      id: 'client-command-missing',
      severity: 'medium',
      title: `Server "${s.name}": command "${s.command}" not found on PATH or on disk`,
      file,
      line: serverLine(cfg, s),
      fix: 'Install the command or remove the stale server entry from the client config.',
    },
  ];
}

function urlFindings(cfg: ClientConfig, s: ClientServer, file: string): Finding[] {
  if (!s.url) return [];
  const p = urlPosture(s.url);
  if (!p || p.local) return [];
  const line = serverLine(cfg, s);
  const out: Finding[] = [
    {
      id: 'client-remote-url',
      severity: 'medium',
      title: `Server "${s.name}" is reached over the network (${p.host})`,
      file,
      line,
      fix: 'Prefer a local stdio server; if it must be remote, check who runs it, require OAuth and keep it on a private network.',
    },
  ];
  if (!p.secure) {
    out.push({
      id: 'client-insecure-url',
      severity: 'high',
      title: `Server "${s.name}" is reached over plain http (${p.host})`,
      file,
      line,
      fix: 'Use an https:// URL; plain http exposes tokens and tool traffic on the network.',
    });
  }
  return out;
}

function usageFinding(cfg: ClientConfig, s: ClientServer, file: string, o: ClientCheckOptions): Finding[] {
  const last = o.usage.servers[s.name]?.lastUsed;
  const line = serverLine(cfg, s);
  const time = last ? Date.parse(last) : NaN;
  if (!last || Number.isNaN(time)) {
    return [
      {
        id: 'client-usage-unknown',
        severity: 'info',
        title: `Server "${s.name}": usage unknown (no record of its calls)`,
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
      title: `Server "${s.name}" not used for ${days} days (last call ${new Date(time).toISOString().slice(0, 10)})`,
      file,
      line,
      fix: 'Remove servers you no longer use from the client config.',
    },
  ];
}

/** Every finding for one parsed client config. */
export function checkClientConfig(cfg: ClientConfig, o: ClientCheckOptions): Finding[] {
  const file = o.display(cfg.location.file);
  return cfg.servers.flatMap((s) => {
    const from = cfg.text.indexOf(JSON.stringify(s.name));
    return [
      ...secretFindings(cfg, s, file, Math.max(0, from)),
      ...commandFinding(cfg, s, file, o),
      ...urlFindings(cfg, s, file),
      ...usageFinding(cfg, s, file, o),
    ];
  });
}
