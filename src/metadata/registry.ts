import type { CapabilityKind, Class } from './types';

// Shared through a global symbol so that two copies of the package (CommonJS and ESM) see one registry.
const REGISTRY = Symbol.for('secure-mcp.tool-classes');
const KINDS = Symbol.for('secure-mcp.capability-classes');
type GlobalWithRegistry = typeof globalThis & {
  [REGISTRY]?: Set<Class>;
  [KINDS]?: Map<CapabilityKind, Set<Class>>;
};

function registry(kind: CapabilityKind): Set<Class> {
  const g = globalThis as GlobalWithRegistry;
  // Tools keep their original global set, so an older copy of the package still sees the same tools.
  if (kind === 'tool') return (g[REGISTRY] ??= new Set<Class>());
  const kinds = (g[KINDS] ??= new Map());
  let set = kinds.get(kind);
  if (!set) kinds.set(kind, (set = new Set()));
  return set;
}

/** Called by `@Tool`, `@Resource`, `@Prompt`: remembers the class for implicit discovery. */
export function registerClass(kind: CapabilityKind, target: Class): void {
  registry(kind).add(target);
}

/** Every class of that kind imported so far, in import order. */
export function registeredClasses(kind: CapabilityKind): Class[] {
  return [...registry(kind)];
}

/** Called by `@Tool`: remembers the class for implicit discovery. */
export function registerToolClass(target: Class): void {
  registerClass('tool', target);
}

/** Every `@Tool` class imported so far, in import order. */
export function registeredToolClasses(): Class[] {
  return registeredClasses('tool');
}
