import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../../../shell-quote';
import type { Finding } from '../finding';

const ENV_FILE = /^\.env(?:\..+)?$/;
const TEMPLATE = /\.(?:example|sample|template|dist|defaults)$/;

function git(cwd: string, args: string[]): number | null {
  const r = spawnSync('git', args, { cwd, stdio: 'ignore', timeout: 10_000 });
  return r.error ? null : r.status;
}

/** A minimal `.gitignore` reading for projects outside git: does a line ignore `name`? */
export function gitignoreCovers(gitignore: string, name: string): boolean {
  let ignored = false;
  for (const rawLine of gitignore.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    const pattern = (negate ? line.slice(1) : line).replace(/^\//, '').replace(/\/$/, '');
    const regex = new RegExp(
      '^' +
        pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.') +
        '$',
    );
    if (regex.test(name)) ignored = !negate;
  }
  return ignored;
}

/** `.env` files at the project root that git tracks, or that are not ignored. */
export function checkDotEnv(projectDir: string): Finding[] {
  const names = readdirSync(projectDir).filter((n) => ENV_FILE.test(n) && !TEMPLATE.test(n));
  if (names.length === 0) return [];
  const inGit = git(projectDir, ['rev-parse', '--is-inside-work-tree']) === 0;
  const gitignorePath = join(projectDir, '.gitignore');
  const gitignore = existsSync(gitignorePath) ? readFileSync(gitignorePath, 'utf8') : '';
  return names.flatMap((name): Finding[] => {
    if (inGit && git(projectDir, ['ls-files', '--error-unmatch', '--', name]) === 0) {
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
    const ignored = inGit
      ? git(projectDir, ['check-ignore', '-q', '--', name]) === 0
      : gitignoreCovers(gitignore, name);
    return ignored
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
