import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';

const cache = new Map<string, Record<string, string>>();

/**
 * The names and values of a `.env` file (parsed once per path and process; a missing file is empty). Never
 * copied into `process.env`, so nothing else in the process sees the values.
 */
export function readDotenv(file: string): Record<string, string> {
  let values = cache.get(file);
  if (!values) {
    try {
      values = parse(readFileSync(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      values = {};
    }
    cache.set(file, values);
  }
  return values;
}
