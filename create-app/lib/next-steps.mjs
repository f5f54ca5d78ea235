import path from 'node:path';
import { clientSecretAdvice } from './client-advice.mjs';

/**
 * The Claude Desktop entry for the new server. It has no `env` block: Claude Desktop does not expand `${NAME}`
 * placeholders (the server would receive the text itself), so secrets come from the OS keychain or the
 * project's git-ignored `.env` (the guide's "Best" and "Better"), and settings from that `.env` too.
 */
export function claudeDesktopConfig({ serverName, dir }) {
  const entry = { command: 'node', args: [path.join(path.resolve(dir), 'dist', 'server.js')] };
  return JSON.stringify({ mcpServers: { [serverName]: entry } }, null, 2);
}

/** Where each secret and setting comes from, per client; printed before the config. */
function secretsAndSettings(info) {
  const lines = [];
  for (const name of info.secrets ?? []) {
    lines.push(
      '',
      `${name}: the server reads it from the OS keychain or .env. If a client passes it instead:`,
    );
    lines.push(...clientSecretAdvice(name).map((a) => `  - ${a}`));
  }
  if (info.clientEnv?.length) {
    lines.push(
      '',
      `Settings ${info.clientEnv.join(', ')}: put them in the project's .env (copy .env.example); the server`,
      'reads it from the project folder whichever client starts it, and the environment wins over it.',
    );
  }
  return lines;
}

/** One POSIX shell word: plain names as they are, anything else single-quoted (so `$(...)` stays text). */
export function shellQuote(value) {
  return /^[A-Za-z0-9_][A-Za-z0-9_.,:/=@+-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function nextSteps({ dir, cwd, serverName, packageManager, installed, info }) {
  const run = packageManager === 'npm' ? 'npm run' : packageManager;
  const rel = path.relative(cwd, path.resolve(dir)) || '.';
  const steps = [];
  if (rel !== '.') steps.push(`cd ${shellQuote(rel)}`);
  if (!installed) steps.push(`${packageManager} install`);
  for (const name of info.secrets ?? []) {
    steps.push(
      `npx secure-mcp secrets set ${shellQuote(name)} --server ${shellQuote(serverName)}   # OS keychain (or put it in .env)`,
    );
  }
  steps.push(
    `${run} test`,
    `${run} build`,
    `${run} audit`,
    `${run} inspect   # try the tools in the MCP Inspector`,
  );
  return [
    'Next steps:',
    ...steps.map((s) => `  ${s}`),
    ...secretsAndSettings(info),
    '',
    'Claude Desktop (claude_desktop_config.json), after the build:',
    claudeDesktopConfig({ serverName, dir }),
  ].join('\n');
}
