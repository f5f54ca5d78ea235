import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The version in the nearest `package.json` named `secure-mcp` above this file. */
export function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 6; dir = dirname(dir), i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'secure-mcp' && pkg.version) return pkg.version;
    } catch {
      // not here; look further up
    }
  }
  return '0.0.0';
}
