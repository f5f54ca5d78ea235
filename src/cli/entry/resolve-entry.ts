import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { EntryLoadError } from './load-entry';

interface PackageJson {
  main?: unknown;
  bin?: unknown;
  'secure-mcp'?: { entry?: unknown };
}

/** Where the entry was named: `--entry`, or a field of the project's package.json. */
function declaredEntry(project: string): { file: string; from: string } | undefined {
  const pkgFile = join(project, 'package.json');
  if (!existsSync(pkgFile)) return undefined;
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as PackageJson;
  } catch (e) {
    throw new EntryLoadError(`cannot read ${pkgFile}: ${(e as Error).message}`);
  }
  const own = pkg['secure-mcp']?.entry;
  if (typeof own === 'string') return { file: own, from: 'package.json "secure-mcp.entry"' };
  if (typeof pkg.main === 'string') return { file: pkg.main, from: 'package.json "main"' };
  if (typeof pkg.bin === 'string') return { file: pkg.bin, from: 'package.json "bin"' };
  const firstBin = pkg.bin && typeof pkg.bin === 'object' ? Object.values(pkg.bin)[0] : undefined;
  if (typeof firstBin === 'string') return { file: firstBin, from: 'package.json "bin"' };
  return undefined;
}

/**
 * The built entry module to load: `--entry` when given, else package.json `secure-mcp.entry`, `main` or `bin`
 * (relative to the project). Refuses with what to do when none is named or it is not built yet.
 */
export function resolveEntry(project: string, entry?: string): string {
  if (entry) return resolve(project, entry);
  const declared = declaredEntry(project);
  if (!declared)
    throw new EntryLoadError(
      `no entry module for ${project}: pass --entry dist/server.js, or set "main" (or "secure-mcp": { "entry": ... }) in its package.json`,
    );
  const file = isAbsolute(declared.file) ? declared.file : resolve(project, declared.file);
  if (!existsSync(file))
    throw new EntryLoadError(
      `the entry ${relative(project, file) || file} (from ${declared.from}) does not exist: build the project first (npm run build), or pass --entry`,
    );
  return file;
}
