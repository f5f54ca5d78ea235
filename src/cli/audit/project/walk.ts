import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { GapSink } from '../gaps';

/** Folders never scanned: dependencies, build output, VCS data. Each skip is counted and reported. */
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
/** Test fixtures hold fake secrets on purpose; skipped, and reported as skipped. */
export const SKIPPED_PATHS = ['test/fixtures', 'tests/fixtures', '__fixtures__'];

/** Defaults of {@link WalkLimits}: far above a real project, low enough to bound time and memory. */
export const DEFAULT_MAX_FILES = 100_000;
export const DEFAULT_MAX_ENTRIES = 1_000_000;

export interface WalkLimits {
  /** Matching files collected before the walk stops (reported as a gap). */
  maxFiles?: number;
  /** Directory entries looked at before the walk stops (reported as a gap). */
  maxEntries?: number;
}

export interface ProjectFile {
  abs: string;
  /** Relative to the project, with `/`. */
  rel: string;
}

export interface WalkResult {
  files: ProjectFile[];
  /** Folders skipped by rule: rule (folder name or path) → how many. */
  skipped: Map<string, number>;
  /** Symbolic links met and not followed (a link may point out of the project). */
  links: number;
}

function skipRule(name: string, rel: string): string | undefined {
  if (SKIPPED_DIRS.has(name)) return name;
  return SKIPPED_PATHS.find((p) => rel === p || rel.endsWith('/' + p));
}

/**
 * Files of a project whose name matches `include`, skipping {@link SKIPPED_DIRS} and {@link SKIPPED_PATHS}.
 * Iterative (no recursion limit on deep trees), never follows links. Whatever it cannot read, and a cap
 * reached, goes to `gaps`: a partial walk must never look like a clean one.
 */
export function walkProject(
  root: string,
  include: RegExp,
  gaps: GapSink,
  limits: WalkLimits = {},
): WalkResult {
  const maxFiles = limits.maxFiles ?? DEFAULT_MAX_FILES;
  const maxEntries = limits.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const result: WalkResult = { files: [], skipped: new Map(), links: 0 };
  const stack: string[] = ['']; // relative folders still to read, `''` = root
  let entriesSeen = 0;
  while (stack.length > 0) {
    const relDir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(relDir ? join(root, relDir) : root, { withFileTypes: true });
    } catch (e) {
      gaps.add(
        `folder ${relDir || '.'} could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
        relDir || undefined,
      );
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      if (++entriesSeen > maxEntries) {
        gaps.add(
          `the project walk stopped after ${maxEntries} folder entries (--max-entries); the rest was not scanned`,
        );
        return result;
      }
      const rel = relDir ? `${relDir}/${e.name}` : e.name;
      if (e.isSymbolicLink()) {
        result.links++;
      } else if (e.isDirectory()) {
        const rule = skipRule(e.name, rel);
        if (rule) result.skipped.set(rule, (result.skipped.get(rule) ?? 0) + 1);
        else subdirs.push(rel);
      } else if (e.isFile() && include.test(e.name)) {
        if (result.files.length >= maxFiles) {
          gaps.add(
            `the project has more than ${maxFiles} files to scan (--max-files); the rest was not scanned`,
          );
          return result;
        }
        result.files.push({ abs: join(root, rel), rel });
      }
    }
    // Reversed so that folders pop in name order (stable output).
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return result;
}

/** What {@link walkProject} skipped, in words for the report. */
export function describeSkipped(w: WalkResult): string {
  const parts = [...w.skipped].map(([rule, n]) => `${rule} (${n})`);
  if (w.links > 0) parts.push(`${w.links} symbolic link${w.links === 1 ? '' : 's'} not followed`);
  return parts.length ? `skipped: ${parts.join(', ')}` : 'nothing skipped';
}

/** Files of a project whose name matches `include` (for commands that do not report gaps, e.g. `tools`). */
export function projectFiles(
  root: string,
  include: RegExp,
  gaps: GapSink = { add: () => undefined },
): ProjectFile[] {
  return walkProject(root, include, gaps).files;
}
