import { existsSync, readFileSync } from 'node:fs';

/** Parsed JSON of a file, `undefined` when it does not exist. Throws on unreadable or invalid JSON. */
export function readJsonIfExists(file: string): unknown {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8'));
}
