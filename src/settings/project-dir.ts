import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * The project a server belongs to: `explicit` when given, else the folder of the nearest `package.json` above
 * the entry script (`process.argv[1]`), else the working directory. Relative paths in the options (`roots`,
 * `audit.file`, `.env`, `policy`) resolve from here, because MCP clients start servers from any working
 * directory (Claude Desktop uses `/`). An entry inside `node_modules` (jest, a CLI runner) is not the project.
 */
export function projectDir(explicit?: string, entry: string | undefined = process.argv[1]): string {
  if (explicit) return resolve(explicit);
  if (!entry || resolve(entry).split(sep).includes('node_modules')) return process.cwd();
  for (let dir = dirname(resolve(entry)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}
