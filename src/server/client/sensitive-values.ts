import type { Class } from '../../metadata/types';
import { sensitivePaths } from '../../security/redaction';

const pathsByDto = new WeakMap<Class, readonly string[][]>();

/**
 * The values of a validated input's `@Sensitive` fields (nested paths and arrays followed), as strings: what
 * must not reappear in a log message, an elicitation message or a sampling prompt built from them.
 */
export function sensitiveValues(dto: Class, input: unknown): string[] {
  let paths = pathsByDto.get(dto);
  if (!paths) pathsByDto.set(dto, (paths = sensitivePaths(dto).map((p) => p.split('.'))));
  if (paths.length === 0 || typeof input !== 'object' || input === null) return [];
  const out: string[] = [];
  for (const path of paths) collect(input, path, 0, out);
  return out;
}

function collect(value: unknown, path: readonly string[], index: number, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, path, index, out);
    return;
  }
  if (index === path.length) {
    if (typeof value === 'string' && value) out.push(value);
    else if (typeof value === 'number' || typeof value === 'bigint') out.push(String(value));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  collect((value as Record<string, unknown>)[path[index]], path, index + 1, out);
}
