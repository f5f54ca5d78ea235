import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Folders never scanned: dependencies, build output, VCS data, and test fixtures (fake secrets on purpose). */
export const SKIPPED_DIRS = new Set([
  'node_modules',
  'dist',
  'build',
  'coverage',
  '.git',
  '.next',
  '.turbo',
  '.cache',
]);
export const SKIPPED_PATHS = ['test/fixtures', 'tests/fixtures', '__fixtures__'];

export interface ProjectFile {
  abs: string;
  /** Relative to the project, with `/`. */
  rel: string;
}

/** Files of a project whose name matches `include`, skipping {@link SKIPPED_DIRS} and {@link SKIPPED_PATHS}. */
export function projectFiles(root: string, include: RegExp, limit = 20_000): ProjectFile[] {
  const out: ProjectFile[] = [];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= limit) return;
      const abs = join(dir, e.name);
      const rel = relative(root, abs).split(sep).join('/');
      if (e.isDirectory()) {
        if (SKIPPED_DIRS.has(e.name) || SKIPPED_PATHS.some((p) => rel === p || rel.endsWith('/' + p)))
          continue;
        visit(abs);
      } else if (e.isFile() && include.test(e.name)) {
        out.push({ abs, rel });
      }
    }
  };
  visit(root);
  return out;
}
