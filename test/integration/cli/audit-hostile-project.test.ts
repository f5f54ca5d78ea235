import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE } from './fake-secrets';
import {
  auditInProcess,
  cleanup,
  ensureBuilt,
  findings,
  git,
  put,
  runCli,
  tempDir,
  type JsonFinding,
} from './helpers';

// Hostile projects built at test time: an audited folder must not run anything, must not hang, and must
// never be reported clean when part of it was not scanned.
beforeAll(ensureBuilt);
afterAll(cleanup);

const ids = (fs: JsonFinding[]) => fs.map((f) => f.id).sort();

/** A tool with wildcard IAM and a hard-coded token: what padding tries to hide. */
function plantSecrets(project: string): void {
  put(join(project, 'src', 'zz-config.ts'), `export const token = '${FAKE.GITHUB}';\n`);
  put(
    join(project, 'src', 'zz-tool.ts'),
    [
      "@Tool({ name: 'wipe', description: 'x', input: X })",
      "@IamPolicy({ actions: ['s3:*'], resources: ['*'] })",
      "@RateLimit({ limit: 1, window: '1m' })",
      '@Audit()',
      'export class Wipe {}',
      '',
    ].join('\n'),
  );
}

describe('a planted .git never runs: the audit reads git data, it does not run git', () => {
  function hostileRepo(): { project: string; marker: string } {
    const project = join(tempDir(), 'project');
    mkdirSync(project);
    git(project, 'init', '-q');
    put(join(project, '.env'), 'API_KEY=canary-env-not-a-real-secret\n');
    git(project, 'add', '.env');
    git(project, 'commit', '-qm', 'tracked .env');
    put(join(project, '.env.local'), 'X=1\n');
    const marker = join(tempDir(), 'fsmonitor-ran');
    const hook = put(join(tempDir(), 'hook.sh'), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    chmodSync(hook, 0o755);
    // Every config-driven command git could run for ls-files / check-ignore / status.
    git(project, 'config', 'core.fsmonitor', hook);
    git(project, 'config', 'core.hooksPath', join(tempDir(), 'hooks'));
    git(project, 'config', 'core.pager', hook);
    git(project, 'config', 'diff.external', hook);
    return { project, marker };
  }

  it('the planted core.fsmonitor is live: git itself runs it in that folder (control)', () => {
    const { project, marker } = hostileRepo();
    spawnSync('git', ['ls-files', '--error-unmatch', '--', '.env'], { cwd: project, stdio: 'ignore' });
    expect(existsSync(marker)).toBe(true);
  });

  it('a child process of the built CLI audits it without running the hook, and still sees the tracked .env', () => {
    const { project, marker } = hostileRepo();
    const r = runCli(['audit', '--json', '--no-clients', '--project', project]);
    expect(existsSync(marker)).toBe(false);
    expect(ids(findings(r))).toEqual(['env-not-ignored', 'env-tracked', 'policy-missing']);
    expect(r.code).toBe(1);
  });

  it('in process too (a project inside a subfolder of the planted repository)', async () => {
    const { project, marker } = hostileRepo();
    const sub = join(project, 'packages', 'server');
    put(join(sub, '.env'), 'X=1\n');
    put(join(project, '.gitignore'), 'packages/server/.env\n');
    const r = await auditInProcess(['--json', '--no-clients', '--project', sub]);
    expect(existsSync(marker)).toBe(false);
    expect(ids(JSON.parse(r.out).findings)).toEqual(['policy-missing']);
  });
});

describe('a .git that cannot be followed is reported, not guessed', () => {
  it.each([
    ['a gitdir file naming nothing', (p: string) => put(join(p, '.git'), 'not a pointer\n\n')],
    ['a FIFO', (p: string) => execFileSync('mkfifo', [join(p, '.git')])],
    ['a link to /dev/zero', (p: string) => symlinkSync('/dev/zero', join(p, '.git'))],
  ])('%s', async (_, plant) => {
    const project = tempDir();
    put(join(project, 'secure-mcp.config.json'), '{}');
    put(join(project, '.gitignore'), '.env\n');
    put(join(project, '.env'), 'X=1\n');
    plant(project);
    const r = await auditInProcess(['--json', '--no-clients', '--project', project]);
    const fs = JSON.parse(r.out).findings as JsonFinding[];
    expect(fs.map((f) => f.id)).toEqual(['scan-incomplete']);
    expect(fs[0].title).toMatch(
      /\.git (is neither a folder nor a gitdir file|does not name a git folder), so \.env tracking was not checked/,
    );
    expect(r.code).toBe(1);
  });
});

describe('never clean after a partial scan', () => {
  it('25,000 padding files do not hide a hard-coded token and a wildcard IAM tool', () => {
    const project = tempDir();
    const pad = join(project, 'aaa-generated');
    mkdirSync(pad);
    for (let i = 0; i < 25_000; i++) writeFileSync(join(pad, `f${i}.json`), '{}');
    plantSecrets(project);
    const r = runCli(['audit', '--json', '--no-clients', '--project', project]);
    const fs = findings(r);
    expect(ids(fs)).toEqual(expect.arrayContaining(['iam-wildcard', 'source-secret']));
    expect(ids(fs)).not.toContain('scan-incomplete');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(FAKE.GITHUB.slice(4));
  }, 60_000);

  it('a cap reached is a high scan-incomplete finding and a non-zero exit, in every format', async () => {
    const project = tempDir();
    put(join(project, 'secure-mcp.config.json'), '{}');
    for (let i = 0; i < 50; i++) put(join(project, 'aaa', `f${i}.json`), '{}');
    const json = await auditInProcess(['--json', '--no-clients', '--project', project, '--max-files', '20']);
    const incomplete = JSON.parse(json.out).findings.filter((f: JsonFinding) => f.id === 'scan-incomplete');
    expect(incomplete).toEqual([
      expect.objectContaining({ severity: 'high', title: expect.stringMatching(/more than 20 files/) }),
    ]);
    expect(json.code).toBe(1);
    const text = await auditInProcess(['--no-clients', '--project', project, '--max-entries', '10']);
    expect(text.out).not.toMatch(/No findings/);
    expect(text.out).toMatch(/scan-incomplete .*after 10 folder entries/);
    expect(text.code).toBe(1);
    const sarif = runCli(['audit', '--sarif', '--no-clients', '--project', project, '--max-files', '20']);
    expect(JSON.parse(sarif.stdout).runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain(
      'scan-incomplete',
    );
    expect(sarif.code).toBe(1);
  });

  it('skips dependencies and build output by rule and says so', async () => {
    const project = tempDir();
    put(join(project, 'secure-mcp.config.json'), '{}');
    put(join(project, 'node_modules', 'x', 'index.js'), `const t = '${FAKE.GITHUB}';`);
    put(join(project, 'dist', 'index.js'), `const t = '${FAKE.GITHUB}';`);
    symlinkSync('/etc', join(project, 'etc-link'));
    const r = await auditInProcess(['--no-clients', '--project', project]);
    expect(r.out).toMatch(/skipped: dist \(1\), node_modules \(1\), 1 symbolic link not followed/);
    expect(r.out).toMatch(/^No findings\.$/m);
  });

  // Root reads every folder, so this only runs as an ordinary user.
  (process.getuid?.() === 0 ? it.skip : it)(
    'an unreadable folder is reported, not silently passed over',
    async () => {
      const project = tempDir();
      put(join(project, 'locked', 'a.ts'), '');
      chmodSync(join(project, 'locked'), 0o000);
      try {
        const r = await auditInProcess(['--json', '--no-clients', '--project', project]);
        expect(ids(JSON.parse(r.out).findings)).toContain('scan-incomplete');
      } finally {
        chmodSync(join(project, 'locked'), 0o755);
      }
    },
  );
});

describe('special files where configs are expected', () => {
  const fifo = (p: string) => execFileSync('mkfifo', [p]);

  it('FIFOs and links to /dev/zero as policy, .mcp.json, .gitignore and extends target: reported, no hang', () => {
    const a = tempDir();
    fifo(join(a, 'secure-mcp.config.json'));
    fifo(join(a, '.mcp.json'));
    fifo(join(a, '.gitignore'));
    put(join(a, '.env'), 'X=1\n');
    const t0 = Date.now();
    const r = runCli(['audit', '--json', '--project', a]);
    const fs = findings(r);
    expect(fs.find((f) => f.id === 'policy-invalid')?.title).toMatch(/a FIFO, not a regular file/);
    expect(fs.find((f) => f.id === 'client-config-invalid')?.title).toMatch(/a FIFO, not a regular file/);
    expect(fs.filter((f) => f.id === 'scan-incomplete').map((f) => f.title)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\.gitignore is a FIFO/),
        expect.stringMatching(/Project \.mcp\.json config was not read/),
      ]),
    );
    expect(r.code).toBe(1);

    const b = tempDir();
    put(join(b, 'secure-mcp.config.json'), JSON.stringify({ extends: './team.json' }));
    symlinkSync('/dev/zero', join(b, 'team.json'));
    symlinkSync('/dev/zero', join(b, '.mcp.json'));
    symlinkSync('/dev/zero', join(b, '.gitignore'));
    put(join(b, '.env'), 'X=1\n');
    const r2 = runCli(['audit', '--json', '--project', b]);
    const fs2 = findings(r2);
    expect(fs2.find((f) => f.id === 'policy-invalid')?.title).toMatch(/a device, not a regular file/);
    expect(fs2.find((f) => f.id === 'client-config-invalid')?.title).toMatch(/a device, not a regular file/);
    expect(ids(fs2)).toContain('scan-incomplete');
    expect(Date.now() - t0).toBeLessThan(30_000);
  });
});
