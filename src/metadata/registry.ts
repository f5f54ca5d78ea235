import type { Class } from './types';

// Shared through a global symbol so that two copies of the package (CommonJS and ESM) see one registry.
const REGISTRY = Symbol.for('secure-mcp.tool-classes');
type GlobalWithRegistry = typeof globalThis & { [REGISTRY]?: Set<Class> };

function registry(): Set<Class> {
  const g = globalThis as GlobalWithRegistry;
  return (g[REGISTRY] ??= new Set<Class>());
}

/** Called by `@Tool`: remembers the class for implicit discovery. */
export function registerToolClass(target: Class): void {
  registry().add(target);
}

/** Every `@Tool` class imported so far, in import order. */
export function registeredToolClasses(): Class[] {
  return [...registry()];
}
