import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileIgnoreFile, isIgnored } from '../../../src/cli/audit/project/git/ignore';

// The audit reads .gitignore itself (it never runs git in an audited folder). These cases are checked
// against real `git check-ignore` in a repository the test makes, so the two readings cannot drift apart.
const CASES: { rules: string; paths: string[] }[] = [
  { rules: '.env\n', paths: ['.env', 'sub/.env', '.env.local', 'x.env'] },
  { rules: '/.env*\n!.env.local\n', paths: ['.env', '.env.local', '.env.prod', 'sub/.env'] },
  { rules: '*.env\n', paths: ['.env', 'a.env', 'sub/b.env'] },
  { rules: 'dist/\n.envrc\n', paths: ['.env', 'dist/.env', '.envrc'] },
  { rules: 'sub/\n!sub/.env\n', paths: ['sub/.env', 'sub/x'] },
  { rules: '**/secrets/**\n', paths: ['secrets/.env', 'a/secrets/b/.env', 'x/secrets'] },
  { rules: 'a/**/b/.env\n', paths: ['a/b/.env', 'a/x/y/b/.env', 'b/.env'] },
  { rules: '.env.[a-m]*\n\\!important\n', paths: ['.env.dev', '.env.prod', '!important'] },
  { rules: '.env?\n#.env\n\\#x\n', paths: ['.env', '.env1', '#x'] },
  { rules: '.env \n', paths: ['.env'] },
  { rules: 'sub\n', paths: ['sub/.env', 'other/sub/.env'] },
  { rules: '/sub/.env\n', paths: ['sub/.env', 'x/sub/.env'] },
];

function gitVerdicts(rules: string, paths: string[]): boolean[] {
  const repo = mkdtempSync(join(tmpdir(), 'secure-mcp-gitignore-'));
  try {
    spawnSync('git', ['init', '-q'], { cwd: repo });
    writeFileSync(join(repo, '.gitignore'), rules);
    for (const p of paths) {
      mkdirSync(dirname(join(repo, p)), { recursive: true });
      writeFileSync(join(repo, p), '');
    }
    return paths.map(
      (p) =>
        spawnSync('git', ['-c', 'core.fsmonitor=false', 'check-ignore', '-q', '--no-index', '--', p], {
          cwd: repo,
        }).status === 0,
    );
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

describe('.gitignore matching without git', () => {
  it.each(CASES)('agrees with git check-ignore for %j', ({ rules, paths }) => {
    const ours = paths.map((p) => isIgnored([compileIgnoreFile('', rules)], p));
    expect(ours).toEqual(gitVerdicts(rules, paths));
  });

  it('takes linear time on patterns that make a glob-to-regex translation backtrack', () => {
    const star = '*a'.repeat(40) + '*b\n';
    const rules = star.repeat(2000); // 2,000 lines of 83 characters
    const name = '.env.' + 'a'.repeat(250);
    const t0 = Date.now();
    expect(isIgnored([compileIgnoreFile('', rules)], name)).toBe(false);
    expect(isIgnored([compileIgnoreFile('', rules)], 'sub/dir/' + name)).toBe(false);
    // Measured ~0.1 s; a regex translation does not finish in minutes.
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
