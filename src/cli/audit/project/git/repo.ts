import { lstatSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readConfigFileSync } from '../../../../security/files/read-config-file';

/** A git repository found by reading files only; git itself is never run on an audited folder. */
export interface GitRepo {
  /** The work tree root (the folder holding `.git`). */
  root: string;
  /** The repository folder of this work tree (holds `index`). */
  gitDir: string;
  /** The shared repository folder (holds `info/exclude`, `config`); differs from gitDir in a linked worktree. */
  commonDir: string;
}

const SMALL = 64 * 1024;

function kindAt(p: string): 'dir' | 'file' | undefined {
  try {
    const st = lstatSync(p);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

function readPointer(file: string, base: string): string | undefined {
  try {
    const text = readConfigFileSync(file, { maxBytes: SMALL }).trim();
    const m = /^(?:gitdir:\s*)?(.+)$/.exec(text.split(/\r?\n/)[0] ?? '');
    if (!m) return undefined;
    return isAbsolute(m[1]) ? m[1] : resolve(base, m[1]);
  } catch {
    return undefined;
  }
}

/**
 * The repository `dir` belongs to, found the way git finds it (a `.git` folder, or a `.git` file saying
 * `gitdir: PATH`, in `dir` or a parent), but by reading files: running git inside an audited folder would
 * run that folder's own configuration (`core.fsmonitor`, hooks, drivers).
 */
export function findGitRepo(dir: string): GitRepo | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const dotGit = join(d, '.git');
    const kind = kindAt(dotGit);
    if (kind === 'dir') return { root: d, gitDir: dotGit, commonDir: dotGit };
    if (kind === 'file') {
      const gitDir = readPointer(dotGit, d);
      if (!gitDir) return undefined;
      const common =
        kindAt(join(gitDir, 'commondir')) === 'file'
          ? readPointer(join(gitDir, 'commondir'), gitDir)
          : undefined;
      return { root: d, gitDir, commonDir: common ?? gitDir };
    }
    if (dirname(d) === d) return undefined;
  }
}
