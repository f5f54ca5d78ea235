import { existsSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * True when `command` can be started: a path (absolute, or relative to `cwd`) that exists, or a name
 * found on `PATH` (with `PATHEXT` on Windows).
 */
export function commandExists(command: string, env: NodeJS.ProcessEnv, cwd: string): boolean {
  if (command.includes('/') || command.includes('\\') || isAbsolute(command)) {
    return existsSync(resolve(cwd, command));
  }
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) if (isFile(join(dir, command + ext))) return true;
  }
  return false;
}
