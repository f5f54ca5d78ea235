import { readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StartupError } from '../errors';
import { isToolClass } from '../metadata/read-tool-definition';
import { registeredToolClasses } from '../metadata/registry';
import type { Class } from '../metadata/types';

/** Where the server finds its tools. */
export interface DiscoveryOptions {
  /** Tool classes, listed explicitly (recommended: what is served is visible in code review). */
  tools?: Class[];
  /** A directory whose modules are all loaded; every `@Tool` class they export is served. */
  toolsDir?: string;
}

const LOADABLE = new Set(['.js', '.cjs', '.mjs', '.ts']);

/**
 * Returns the tool classes to serve: `tools`, else every `@Tool` exported by modules in `toolsDir`,
 * else every `@Tool` class imported so far.
 */
export async function discoverTools(options: DiscoveryOptions): Promise<Class[]> {
  if (options.tools) {
    for (const t of options.tools) {
      if (!isToolClass(t)) {
        const name = typeof t === 'function' ? t.name : typeof t;
        throw new StartupError(`${name} is listed in tools but has no @Tool decorator`);
      }
    }
    return [...new Set(options.tools)];
  }
  if (options.toolsDir) return loadToolsDir(resolve(options.toolsDir));
  return registeredToolClasses();
}

async function loadToolsDir(dir: string): Promise<Class[]> {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => LOADABLE.has(extname(f)) && !f.endsWith('.d.ts') && !/\.(test|spec)\./.test(f))
      .sort();
  } catch (error) {
    throw new StartupError(`toolsDir ${dir} cannot be read: ${(error as Error).message}`);
  }
  const found: Class[] = [];
  for (const file of files) {
    const mod = await importModule(join(dir, file));
    for (const value of Object.values(mod))
      if (isToolClass(value) && !found.includes(value)) found.push(value);
  }
  return found;
}

// `require` keeps CommonJS builds (and jest) working; real ESM modules need `import()`.
async function importModule(file: string): Promise<Record<string, unknown>> {
  if (file.endsWith('.mjs')) return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  try {
    return require(file) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM') {
      return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    }
    throw new StartupError(`cannot load tool module ${file}: ${(error as Error).message}`);
  }
}
