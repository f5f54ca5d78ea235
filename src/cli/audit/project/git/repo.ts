import { statSync } from 'node:fs';
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

/** What is at `p`, links followed (git follows a linked `.git` too). */
function kindAt(p: string): 'dir' | 'file' | 'other' | undefined {
  try {
    const st = statSync(p);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'other';
  }
}

/** A `.git` that exists but cannot be followed: the caller reports it rather than guessing. */
export class GitRepoError extends Error {}

/** The path a `.git` file (`gitdir: PATH`) or a `commondir` file (`PATH`) names, resolved from `base`. */
function readPointer(file: string, base: string, prefix: 'gitdir: ' | ''): string | undefined {
  try {
    const first = readConfigFileSync(file, { maxBytes: SMALL }).split(/\r?\n/)[0] ?? '';
    const m = (prefix ? /^gitdir:\s*(.+)$/ : /^(.+)$/).exec(first.trim());
    if (!m) return undefined;
    return isAbsolute(m[1]) ? m[1] : resolve(base, m[1]);
  } catch {
    return undefined;
  }
}

/**
 * The repository `dir` belongs to, found the way git finds it (a `.git` folder, or a `.git` file saying
 * `gitdir: PATH`, in `dir` or a parent), but by reading files: running git inside an audited folder would
 * run that folder's own configuration (`core.fsmonitor`, hooks, drivers). Throws {@link GitRepoError} for a
 * `.git` that cannot be followed.
 */
export function findGitRepo(dir: string): GitRepo | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const dotGit = join(d, '.git');
    const kind = kindAt(dotGit);
    if (kind === 'dir') return { root: d, gitDir: dotGit, commonDir: dotGit };
    if (kind === 'other') throw new GitRepoError(`${dotGit} is neither a folder nor a gitdir file`);
    if (kind === 'file') {
      const gitDir = readPointer(dotGit, d, 'gitdir: ');
      if (!gitDir || kindAt(gitDir) !== 'dir') throw new GitRepoError(`${dotGit} does not name a git folder`);
      const common =
        kindAt(join(gitDir, 'commondir')) === 'file'
          ? readPointer(join(gitDir, 'commondir'), gitDir, '')
          : undefined;
      return { root: d, gitDir, commonDir: common ?? gitDir };
    }
    if (dirname(d) === d) return undefined;
  }
}
