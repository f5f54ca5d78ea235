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
  const module = moduleExporting(dto);
  const lines = module && linesOf(module);
  return lines ? fieldsOfClass(lines, dto.name) : [];
}

type LoadedModule = NonNullable<(typeof require.cache)[string]>;

// Start-up looks up every DTO (200 tools: 200 lookups) among every loaded module (~800). The exported values
// of loaded modules are indexed once (value → first module in load order), again whenever a module is added,
// removed, replaced, finishes loading or gets a new `module.exports` (seen from the next event-loop turn on:
// see currentIndex); modules still loading are checked live, their exports may still grow. Each module's
// source is read and split once.
interface ExportIndex {
  modules: LoadedModule[];
  exports: unknown[];
  loaded: boolean[];
  /** Positions (ascending) of the modules still loading. */
  loading: number[];
  /** Exported value → position of the first loaded module exporting it. */
  owner: Map<unknown, number>;
}
let exportIndex: ExportIndex | undefined;
const sourceLines = new WeakMap<LoadedModule, string[] | undefined>();

/** The first module (in load order, as before) that exports `dto` or is `dto`. */
function moduleExporting(dto: Class): LoadedModule | undefined {
  const index = currentIndex();
  const at = index.owner.get(dto) ?? index.modules.length;
  for (const i of index.loading) {
    if (i > at) break;
    if (exportsHold(index.modules[i].exports, dto)) return index.modules[i];
  }
  return index.modules[at];
}

// Checked once per synchronous stretch (createServer builds every tool in one): listing require.cache costs
// ~0.1 ms with ~1000 modules. Within the stretch only the module count is compared; a module cannot finish
// loading meanwhile, and modules still loading are read live above.
let checkedThisTurn = false;

function currentIndex(): ExportIndex {
  if (exportIndex && checkedThisTurn && Object.keys(require.cache).length === exportIndex.modules.length) {
    return exportIndex;
  }
  const modules = Object.values(require.cache).filter((m): m is LoadedModule => m !== undefined);
  if (!exportIndex || !indexCurrent(exportIndex, modules)) exportIndex = indexExports(modules);
  checkedThisTurn = true;
  queueMicrotask(() => (checkedThisTurn = false));
  return exportIndex;
}

function indexCurrent(index: ExportIndex, modules: LoadedModule[]): boolean {
  return (
    modules.length === index.modules.length &&
    modules.every(
      (m, i) => m === index.modules[i] && m.exports === index.exports[i] && m.loaded === index.loaded[i],
    )
  );
}

function indexExports(modules: LoadedModule[]): ExportIndex {
  const index: ExportIndex = { modules, exports: [], loaded: [], loading: [], owner: new Map() };
  modules.forEach((m, i) => {
    const exported: unknown = m.exports;
    index.exports.push(exported);
    index.loaded.push(m.loaded);
    if (!m.loaded) return void index.loading.push(i);
    let values: unknown[] = [];
    try {
      if (typeof exported === 'object' && exported !== null) values = Object.values(exported);
    } catch {
      // an export getter that throws: nothing of this module can be found (a hint, never a start-up failure)
    }
    for (const value of [exported, ...values]) if (!index.owner.has(value)) index.owner.set(value, i);
  });
  return index;
}

function exportsHold(exported: unknown, dto: Class): boolean {
  return (
    exported === dto ||
    (typeof exported === 'object' && exported !== null && Object.values(exported).includes(dto))
  );
}

function linesOf(m: LoadedModule): string[] | undefined {
  if (!sourceLines.has(m)) sourceLines.set(m, sourceOf(m)?.split('\n'));
  return sourceLines.get(m);
}

function sourceOf(module: LoadedModule): string | undefined {
  if (!module.filename) return undefined;
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
  return fieldsOfClass(source.split('\n'), name);
}

function fieldsOfClass(lines: string[], name: string): string[] {
  const declaration = new RegExp(`^(export\\s+)?(abstract\\s+)?class\\s+${name}\\b`);
  const start = lines.findIndex((l) => declaration.test(l));
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
