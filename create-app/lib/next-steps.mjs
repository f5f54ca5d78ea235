import path from 'node:path';

/**
 * The Claude Desktop entry for the new server. It never holds a secret value: secrets come from the OS
 * keychain or the project's git-ignored `.env` (the guide's "Best" and "Better"), and variables the client
 * must pass are referenced by name only (`${NAME}`), never written out.
 */
export function claudeDesktopConfig({ serverName, dir, env = [] }) {
  const entry = { command: 'node', args: [path.join(path.resolve(dir), 'dist', 'server.js')] };
  if (env.length > 0) entry.env = Object.fromEntries(env.map((name) => [name, `\${${name}}`]));
  return JSON.stringify({ mcpServers: { [serverName]: entry } }, null, 2);
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
    '',
    'Claude Desktop (claude_desktop_config.json), after the build:',
    claudeDesktopConfig({ serverName, dir, env: info.clientEnv ?? [] }),
    ...(info.secrets?.length
      ? [
          '',
          `No secret values in this file: the server reads ${info.secrets.join(', ')} from the OS keychain or .env.`,
        ]
      : []),
  ].join('\n');
}
