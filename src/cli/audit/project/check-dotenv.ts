import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ConfigFileError, readConfigFileSync } from '../../../security/files/read-config-file';
import { shellQuote } from '../../../shell-quote';
import type { Finding } from '../finding';
import type { GapSink } from '../gaps';
import { compileIgnoreFile, isIgnored, type IgnoreFile } from './git/ignore';
import { trackedPaths } from './git/index-file';
import { findGitRepo, type GitRepo } from './git/repo';

const ENV_FILE = /^\.env(?:\..+)?$/;
const TEMPLATE = /\.(?:example|sample|template|dist|defaults)$/;
const IGNORE_MAX_BYTES = 1024 * 1024;

/** Reads one ignore file; a missing one has no rules, an unreadable or oversized one is a gap. */
function ignoreFile(file: string, base: string, gaps: GapSink, shown: string): IgnoreFile | undefined {
  let text: string;
  try {
    text = readConfigFileSync(file, { maxBytes: IGNORE_MAX_BYTES });
  } catch (e) {
    if (e instanceof ConfigFileError && e.code === 'ENOENT') return undefined;
    gaps.add(
      `${shown} ${e instanceof ConfigFileError ? e.reason : 'cannot be read'}, so .env files were checked without it`,
      shown,
    );
    return undefined;
  }
  const compiled = compileIgnoreFile(base, text);
  if (compiled.skipped > 0) gaps.add(`${compiled.skipped} over-long lines of ${shown} were not read`, shown);
  return compiled;
}

/**
 * The ignore files that apply inside `projectDir`, lowest precedence first: the repository's
 * `info/exclude`, then each `.gitignore` from the work tree root down to the project. A user's global
 * excludes are left out on purpose: a colleague's clone does not have them.
 */
function ignoreFiles(
  root: string,
  projectRel: string,
  commonDir: string | undefined,
  gaps: GapSink,
): IgnoreFile[] {
  const out: (IgnoreFile | undefined)[] = [];
  if (commonDir) out.push(ignoreFile(join(commonDir, 'info', 'exclude'), '', gaps, '.git/info/exclude'));
  const parts = projectRel ? projectRel.split('/') : [];
  for (let i = 0; i <= parts.length; i++) {
    const base = parts.slice(0, i).join('/');
    out.push(
      ignoreFile(join(root, base, '.gitignore'), base, gaps, base ? `${base}/.gitignore` : '.gitignore'),
    );
  }
  return out.filter((f): f is IgnoreFile => f !== undefined);
}

/**
 * `.env` files at the project root that git tracks, or that are not ignored. Git is never run: its index
 * and ignore files are read directly, so an audited folder's own git configuration cannot run anything.
 */
export function checkDotEnv(projectDir: string, gaps: GapSink): Finding[] {
  const names = readdirSync(projectDir).filter((n) => ENV_FILE.test(n) && !TEMPLATE.test(n));
  if (names.length === 0) return [];
  let repo: GitRepo | undefined;
  try {
    repo = findGitRepo(projectDir);
  } catch (e) {
    gaps.add(`${(e as Error).message}, so .env tracking was not checked`);
  }
  const root = repo?.root ?? projectDir;
  const projectRel = relative(root, projectDir).split(sep).join('/');
  let tracked: Set<string> | undefined;
  if (repo) {
    try {
      tracked = trackedPaths(repo);
    } catch (e) {
      gaps.add(
        `the git index could not be read (${(e as Error).message.replace(/^.*?: /, '')}), so .env tracking was not checked`,
      );
    }
  }
  const rules = ignoreFiles(root, projectRel, repo?.commonDir, gaps);
  return names.flatMap((name): Finding[] => {
    const path = projectRel ? `${projectRel}/${name}` : name;
    if (tracked?.has(path)) {
      return [
        {
          id: 'env-tracked',
          severity: 'high',
          title: `${name} is tracked by git`,
          file: name,
          fix: `git rm --cached -- ${shellQuote(name)}, add it to .gitignore, and rotate every secret it held (it is in the history).`,
        },
      ];
    }
    return isIgnored(rules, path)
      ? []
      : [
          {
            id: 'env-not-ignored',
            severity: 'medium',
            title: `${name} is not git-ignored`,
            file: name,
            fix: `Add "${name}" (or ".env*" with "!.env.example") to .gitignore.`,
          },
        ];
  });
}
