import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackedPaths } from '../../../src/cli/audit/project/git/index-file';
import { findGitRepo } from '../../../src/cli/audit/project/git/repo';
import { git } from '../../support/git';

// The audit reads the git index itself (it never runs git in an audited folder). Each index layout git
// writes is made here by real git and the paths read are compared with `git ls-files`.
let dir = '';
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'secure-mcp-git-index-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function repoWithFiles(): string {
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, 'src', 'deep', 'er'), { recursive: true });
  git(repo, 'init', '-q');
  const names = [
    '.env',
    '.env.local',
    'README.md',
    'src/a.ts',
    'src/deep/b.ts',
    'src/deep/er/c.ts',
    'é-ünïcode.txt',
  ];
  for (const n of names) writeFileSync(join(repo, n), n);
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'x');
  return repo;
}

const lsFiles = (repo: string) => new Set(git(repo, 'ls-files', '-z').split('\0').filter(Boolean));

describe('reading the git index without git', () => {
  it.each([2, 3, 4])('index version %i', (version) => {
    const repo = repoWithFiles();
    git(repo, 'update-index', '--index-version', String(version));
    if (version === 3) {
      writeFileSync(join(repo, 'new.ts'), '');
      git(repo, 'add', '--intent-to-add', 'new.ts'); // an entry with extended flags
    }
    expect(trackedPaths(findGitRepo(repo)!)).toEqual(lsFiles(repo));
  });

  it('a split index and a linked worktree (.git is a file)', () => {
    const repo = repoWithFiles();
    git(repo, 'update-index', '--split-index');
    writeFileSync(join(repo, 'later.ts'), '');
    git(repo, 'add', 'later.ts');
    expect(trackedPaths(findGitRepo(repo)!)).toEqual(lsFiles(repo));
    const wt = join(dir, 'wt');
    git(repo, 'worktree', 'add', '-q', wt);
    const found = findGitRepo(join(wt, 'src'))!;
    expect(found.root).toBe(wt);
    expect(trackedPaths(found)).toEqual(lsFiles(wt));
  });

  it('a truncated or garbage index is an error, not a crash or a hang', () => {
    const repo = repoWithFiles();
    writeFileSync(
      join(repo, '.git', 'index'),
      Buffer.from('DIRC\0\0\0\x02\xff\xff\xff\xff' + 'x'.repeat(100), 'latin1'),
    );
    expect(() => trackedPaths(findGitRepo(repo)!)).toThrow(/truncated|corrupt/);
    writeFileSync(join(repo, '.git', 'index'), 'not an index at all');
    expect(() => trackedPaths(findGitRepo(repo)!)).toThrow(/header/);
  });
});
