import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package version (from `dist/cli/../../package.json`, or `src/cli/../../package.json`). */
export function packageVersion(): string {
  try {
    return (
      JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
    ).version;
  } catch {
    return '0.0.0';
  }
}
