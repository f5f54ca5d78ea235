import { readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StartupError } from '../errors';
import { isPromptClass } from '../metadata/read-prompt-definition';
import { isResourceClass } from '../metadata/read-resource-definition';
import { isToolClass } from '../metadata/read-tool-definition';
import { registeredClasses } from '../metadata/registry';
import type { CapabilityKind, Class } from '../metadata/types';

/** Where the server finds its tools. */
export interface DiscoveryOptions {
  /** Tool classes, listed explicitly (recommended: what is served is visible in code review). */
  tools?: Class[];
  /** A directory whose modules are all loaded; every `@Tool`, `@Resource` and `@Prompt` class they export is served. */
  toolsDir?: string;
  /** `@Resource` classes, listed explicitly. */
  resources?: Class[];
  /** `@Prompt` classes, listed explicitly. */
  prompts?: Class[];
  /**
   * `'imported'`: with none of the above, serve every `@Tool`, `@Resource` and `@Prompt` class imported so
   * far. Must be said explicitly: a stray import (a test helper, a dependency) would otherwise be served.
   */
  discover?: 'imported';
}

/** The classes a server serves, by kind. */
export interface Discovered {
  tools: Class[];
  resources: Class[];
  prompts: Class[];
}

const IS_KIND: Record<CapabilityKind, (value: unknown) => boolean> = {
  tool: isToolClass,
  resource: isResourceClass,
  prompt: isPromptClass,
};
const DECORATOR: Record<CapabilityKind, string> = { tool: '@Tool', resource: '@Resource', prompt: '@Prompt' };

/**
 * Tools, resources and prompts to serve. Listing any kind (`tools`, `resources`, `prompts`) makes discovery
 * explicit: exactly the listed classes are served (a server that lists its tools does not pick up stray
 * imported resources). Otherwise every class `toolsDir` exports, else (with `discover: 'imported'`) every
 * class imported so far. With none of these, start-up stops rather than serve whatever was imported.
 */
export async function discover(options: DiscoveryOptions): Promise<Discovered> {
  const explicit = !!(options.tools || options.resources || options.prompts);
  if (!explicit && !options.toolsDir && options.discover !== 'imported')
    throw new StartupError(
      'createServer needs to know what to serve: list the classes in `tools` (and `resources`, `prompts`), ' +
        "set `toolsDir`, or set `discover: 'imported'` to serve every @Tool, @Resource and @Prompt class imported so far",
    );
  const fromDir = !explicit && options.toolsDir ? await loadDir(resolve(options.toolsDir)) : undefined;
  const pick = (kind: CapabilityKind, listed: Class[] | undefined, key: string): Class[] => {
    if (explicit) return listed ? checkListed(kind, listed, key) : [];
    if (fromDir) return fromDir.filter((c) => IS_KIND[kind](c));
    return registeredClasses(kind);
  };
  return {
    tools: pick('tool', options.tools, 'tools'),
    resources: pick('resource', options.resources, 'resources'),
    prompts: pick('prompt', options.prompts, 'prompts'),
  };
}

function checkListed(kind: CapabilityKind, listed: Class[], key: string): Class[] {
  for (const t of listed) {
    if (!IS_KIND[kind](t)) {
      const name = typeof t === 'function' ? t.name : typeof t;
      throw new StartupError(`${name} is listed in ${key} but has no ${DECORATOR[kind]} decorator`);
    }
  }
  return [...new Set(listed)];
}

const LOADABLE = new Set(['.js', '.cjs', '.mjs', '.ts']);

/** Every decorated class (any kind) exported by the modules of a directory. */
async function loadDir(dir: string): Promise<Class[]> {
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
      if (isDecorated(value) && !found.includes(value)) found.push(value);
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

function isDecorated(value: unknown): value is Class {
  return isToolClass(value) || isResourceClass(value) || isPromptClass(value);
}
