import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Class } from '../metadata/types';

/**
 * Fields a DTO declares in its TypeScript source without any decorator (`extra!: string;`). With
 * `useDefineForClassFields: false` (the recommended setting) TypeScript emits nothing for such a field, so
 * nothing at run time shows it exists and it would be silently missing from the schema. The source is found
 * through the module that exports the class: the `.ts` file itself (jest, `secure-mcp dev`) or the source map
 * next to the built `.js` (`sourceMap: true`, as the templates build). Empty when the source cannot be found
 * (ESM, no source map, a class that is not exported); only top-level classes in prettier-like layout are read.
 */
export function undecoratedSourceFields(dto: Class): string[] {
  const source = sourceOf(dto);
  return source ? undecoratedFields(source, dto.name) : [];
}

function sourceOf(dto: Class): string | undefined {
  const module = Object.values(require.cache).find(
    (m) =>
      m &&
      (m.exports === dto || (typeof m.exports === 'object' && Object.values(m.exports ?? {}).includes(dto))),
  );
  if (!module?.filename) return undefined;
  try {
    if (module.filename.endsWith('.ts')) return readFileSync(module.filename, 'utf8');
    const mapFile = `${module.filename}.map`;
    if (!existsSync(mapFile)) return undefined;
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as {
      sources?: string[];
      sourcesContent?: string[];
    };
    if (map.sourcesContent?.[0]) return map.sourcesContent[0];
    const file = map.sources?.[0] && resolve(dirname(mapFile), map.sources[0]);
    return file && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined; // a hint, never a reason to fail start-up by itself
  }
}

const FIELD =
  /^(?:(?:public|protected|private|readonly|override|declare)\s+)*([A-Za-z_$][\w$]*)\s*[!?]?\s*:\s*[^=(]+;\s*$/;

/** The undecorated field declarations of top-level class `name` in `source` (exported for tests). */
export function undecoratedFields(source: string, name: string): string[] {
  const lines = source.split('\n');
  const start = lines.findIndex((l) =>
    new RegExp(`^(export\\s+)?(abstract\\s+)?class\\s+${name}\\b`).test(l),
  );
  if (start === -1) return [];
  const found: string[] = [];
  let indent: number | undefined;
  let decorated = false;
  for (let i = start + 1; i < lines.length && !/^}/.test(lines[i]); i++) {
    const line = lines[i];
    const text = line.trim();
    if (text === '' || text.startsWith('//') || text.startsWith('*') || text.startsWith('/*')) continue;
    const depth = line.length - line.trimStart().length;
    indent ??= depth;
    if (depth !== indent || /^[)\]}]/.test(text)) continue; // inside a member or a multi-line decorator
    if (text.startsWith('@')) {
      const rest = text.replace(/^(@[\w$.]+(\([^)]*\))?\s*)+/, '');
      if (rest === '' || !FIELD.test(rest)) {
        decorated = true;
        continue;
      }
      decorated = false; // decorators and the field on one line
      continue;
    }
    const field = FIELD.exec(text);
    if (field && !decorated && !text.startsWith('static ')) found.push(field[1]);
    decorated = false;
  }
  return found;
}
