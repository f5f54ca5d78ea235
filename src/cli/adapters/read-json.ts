import { existsSync, readFileSync } from 'node:fs';

/** Parsed JSON of a file, `undefined` when it does not exist. Throws on unreadable or invalid JSON. */
export function readJsonIfExists(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // Not the parser's message: it quotes the file's text.
    throw new Error(`${file}: not valid JSON`);
  }
}
