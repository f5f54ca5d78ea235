import { existsSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import type { Finding } from '../finding';
import { safeName } from '../safe-text';
import type { ClientServer } from './parse';

// Interpreters whose first non-option argument is a script file.
const INTERPRETERS = /^(node|nodejs|bun|deno|tsx|ts-node|python3?|ruby|php)(\.exe)?$/i;
const SCRIPT = /\.(c|m)?(js|ts)$|\.py$|\.rb$|\.php$/i;

/**
 * `node /opt/nowhere/server.js`: the command exists but the script it runs does not (the project moved, was
 * deleted, or was never built). The client starts it and gets an immediate exit. Absolute paths only: a relative
 * one depends on the working directory the client picks, which the audit cannot know.
 */
export function scriptPathFinding(s: ClientServer, file: string, line: number | undefined): Finding[] {
  if (!s.command || s.url || !INTERPRETERS.test(basename(s.command))) return [];
  const script = s.args.find((a) => !a.startsWith('-') && SCRIPT.test(a));
  // Absolute paths only: a relative one depends on the working directory the client picks, unknown here.
  if (!script || !isAbsolute(script) || existsSync(script)) return [];
  return [
    {
      id: 'client-script-missing',
      severity: 'medium',
      title: `Server "${safeName(s.name)}": the script it runs (${safeName(basename(script))}) does not exist`,
      file,
      line,
      fix: 'Build the project (npm run build), correct the path in the client config, or remove the stale entry.',
    },
  ];
}
