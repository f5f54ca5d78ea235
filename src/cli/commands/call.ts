import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { callToolOnce } from '../../server/stdio-client/call-once';
import { EXIT, type CliDeps } from '../deps';

export interface CallOptions {
  args?: string;
  entry?: string;
  project?: string;
  json?: boolean;
}

/** The built entry: `--entry`, else `main` of the project's package.json, else dist/server.js. */
function entryOf(o: CallOptions, deps: CliDeps): string {
  const project = resolve(deps.cwd, o.project ?? '.');
  if (o.entry) return resolve(deps.cwd, o.entry);
  try {
    const main = (JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { main?: unknown }).main;
    if (typeof main === 'string') return resolve(project, main);
  } catch {
    // No or unreadable package.json: the conventional path below.
  }
  return join(project, 'dist', 'server.js');
}

function parseArgs(text: string | undefined): Record<string, unknown> | Error | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  return new Error('--args must be a JSON object, e.g. --args \'{"text":"abc"}\'');
}

/**
 * `secure-mcp call <tool> [--args json]`: starts the built server as an MCP client would (stdio, from `/`), calls
 * one tool through the SDK's client and prints the result; the server's stderr is shown as it comes. Exit 0 on
 * success, 1 when the result is an error, 2 when the server or the call could not run.
 */
export async function runCall(tool: string, o: CallOptions, deps: CliDeps): Promise<number> {
  const args = parseArgs(o.args);
  if (args instanceof Error) {
    deps.err(args.message);
    return EXIT.usage;
  }
  const entry = entryOf(o, deps);
  if (!existsSync(entry)) {
    deps.err(`${entry} does not exist: build the server first (npm run build), or name it with --entry`);
    return EXIT.usage;
  }
  let pending = '';
  const flush = (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) deps.err(line);
  };
  try {
    const env = Object.fromEntries(
      Object.entries(deps.env).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const result = await callToolOnce({
      command: process.execPath,
      args: [entry],
      cwd: '/', // as desktop clients start servers: paths must not depend on the working directory
      env,
      tool,
      arguments: args,
      onStderr: flush,
    });
    if (pending) deps.err(pending);
    if (o.json) deps.out(JSON.stringify(result, null, 2));
    else for (const c of result.content) deps.out(c.type === 'text' ? (c.text ?? '') : JSON.stringify(c));
    return result.isError ? EXIT.findings : EXIT.ok;
  } catch (error) {
    if (pending) deps.err(pending);
    deps.err(`secure-mcp call: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.usage;
  }
}
