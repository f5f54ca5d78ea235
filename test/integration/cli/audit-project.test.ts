import { join } from 'node:path';
import { SecretCatalog } from '../../../src/security/secrets';
import { FAKE } from './fake-secrets';
import { cleanup, findings, git, materialize, put, runCli, tempDir, type JsonFinding } from './helpers';

afterAll(cleanup);

function audit(project: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return runCli(['audit', '--json', '--no-clients', '--project', project, ...extra], { env });
}

const summary = (fs: JsonFinding[]) =>
  fs.map((f) => `${f.severity} ${f.id} ${f.file ?? '-'}:${f.line ?? '-'}`).sort();

describe('secure-mcp audit: project', () => {
  it('reports tools, IAM wildcards, policy violations and secrets in source of the bad project', () => {
    const project = materialize('projects/bad');
    const r = audit(project);
    expect(r.code).toBe(1);
    expect(summary(findings(r))).toEqual(
      [
        'high iam-wildcard src/tools/delete-user.ts:8',
        'high policy-violation src/tools/delete-user.ts:8',
        'high policy-violation src/tools/delete-user.ts:8',
        'high policy-violation src/tools/delete-user.ts:8',
        'high policy-violation src/tools/search.ts:9',
        'high source-secret src/config.ts:3',
        'low iam-wildcard-allowed src/tools/search.ts:9',
        'medium tool-no-audit src/tools/delete-user.ts:8',
        'medium tool-no-rate-limit src/tools/delete-user.ts:8',
        'medium tool-write src/tools/delete-user.ts:8',
      ].sort(),
    );
    const rules = findings(r)
      .filter((f) => f.id === 'policy-violation')
      .map((f) => f.title.split(':')[0]);
    expect(rules.sort()).toEqual([
      'Policy rule forbidWildcardIam',
      'Policy rule forbidWildcardIam',
      'Policy rule requireAudit',
      'Policy rule requireRateLimit',
    ]);
    expect(r.stdout).not.toContain(FAKE.GITHUB.slice(4));
  });

  it('passes the good project (only info-level findings)', () => {
    const project = materialize('projects/good');
    const r = audit(project, ['--fail-on', 'low']);
    expect(findings(r)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('reports a missing secure-mcp.config.json as low', () => {
    const project = tempDir();
    const r = audit(project);
    expect(summary(findings(r))).toEqual(['low policy-missing secure-mcp.config.json:-']);
    expect(r.code).toBe(0);
    expect(audit(project, ['--fail-on', 'low']).code).toBe(1);
  });

  it('reports an invalid policy and an extends cycle as policy-invalid', () => {
    const a = tempDir();
    put(join(a, 'secure-mcp.config.json'), JSON.stringify({ requireAudit: 'yes' }));
    expect(findings(audit(a))[0]).toMatchObject({ id: 'policy-invalid', severity: 'high' });
    const b = tempDir();
    put(join(b, 'secure-mcp.config.json'), JSON.stringify({ extends: './team.json' }));
    put(join(b, 'team.json'), JSON.stringify({ extends: './secure-mcp.config.json' }));
    const f = findings(audit(b))[0];
    expect(f).toMatchObject({ id: 'policy-invalid' });
    expect(f.title).toMatch(/cycle/);
  });

  describe('.env files', () => {
    function gitProject(gitignore?: string): string {
      const project = materialize('projects/good');
      if (gitignore === undefined) put(join(project, '.gitignore'), 'node_modules/\n');
      else put(join(project, '.gitignore'), gitignore);
      git(project, 'init', '-q');
      put(join(project, '.env'), 'API_KEY=placeholder\n');
      return project;
    }

    it('reports .env that is not git-ignored (medium)', () => {
      const r = audit(gitProject());
      expect(summary(findings(r))).toEqual(['medium env-not-ignored .env:-']);
    });

    it('reports .env tracked by git (high), even when .gitignore lists it now', () => {
      const project = gitProject();
      git(project, 'add', '.env');
      git(project, 'commit', '-qm', 'oops');
      put(join(project, '.gitignore'), '.env\n');
      const r = audit(project);
      expect(summary(findings(r))).toEqual(['high env-tracked .env:-']);
      expect(r.code).toBe(1);
    });

    it('accepts an ignored .env, and .env.example', () => {
      const project = gitProject('.env*\n!.env.example\n');
      put(join(project, '.env.example'), 'API_KEY=\n');
      expect(findings(audit(project))).toEqual([]);
    });

    it('reads .gitignore itself outside a git repository', () => {
      const project = materialize('projects/good');
      put(join(project, '.env'), 'X=1\n');
      expect(findings(audit(project))).toEqual([]);
      put(join(project, '.gitignore'), 'dist/\n');
      expect(summary(findings(audit(project)))).toEqual(['medium env-not-ignored .env:-']);
    });
  });

  it('skips node_modules, dist and test fixtures when looking for secrets in source', () => {
    const project = materialize('projects/good');
    for (const dir of ['node_modules/x', 'dist', 'test/fixtures'])
      put(join(project, dir, 'k.js'), `const k = '${FAKE.AWS}';\n`);
    expect(findings(audit(project))).toEqual([]);
    put(join(project, 'scripts/deploy.sh'), `export AWS_ACCESS_KEY_ID=${FAKE.AWS}\n`);
    expect(summary(findings(audit(project)))).toEqual(['high source-secret scripts/deploy.sh:1']);
  });

  it('reports secrets older than maxSecretAgeDays from the secret catalog', async () => {
    const state = tempDir();
    const day = 86_400_000;
    // Written by the SecretCatalog (the format `secure-mcp secrets` writes), with its clock set back.
    const at = (daysAgo: number) => new SecretCatalog(state, () => new Date(Date.now() - daysAgo * day));
    await at(200).set('docs', 'OLD_KEY');
    await at(200).set('docs', 'ROTATED_KEY');
    await at(10).rotate('docs', 'ROTATED_KEY');
    await at(45).set('docs', 'MIDDLE_KEY');
    const good = materialize('projects/good');
    const stale = findings(audit(good, [], { SECURE_MCP_STATE_DIR: state })).filter(
      (f) => f.id === 'secret-stale',
    );
    expect(stale.map((f) => f.title)).toEqual([
      expect.stringMatching(/OLD_KEY of server "docs" is 200 days old \(max 90\)/),
    ]);
    const bad = materialize('projects/bad'); // maxSecretAgeDays: 30
    const stricter = findings(audit(bad, [], { SECURE_MCP_STATE_DIR: state })).filter(
      (f) => f.id === 'secret-stale',
    );
    expect(stricter.map((f) => f.title.split(' ')[1]).sort()).toEqual(['MIDDLE_KEY', 'OLD_KEY']);
  });

  it('reports an unreadable secret catalog as low state-unreadable without quoting the file', () => {
    const state = tempDir();
    put(join(state, 'secrets.json'), `{ "version": 1, "secrets": [ ${FAKE.CANARY}`);
    const r = audit(tempDir(), [], { SECURE_MCP_STATE_DIR: state });
    const unreadable = findings(r).filter((f) => f.id === 'state-unreadable');
    expect(unreadable).toEqual([
      expect.objectContaining({
        severity: 'low',
        title: `Secret catalog unreadable: ${join(state, 'secrets.json')} is not valid JSON`,
      }),
    ]);
    expect(r.stdout + r.stderr).not.toContain(FAKE.CANARY.slice(4));
  });

  it('uses the policy failOn when --fail-on is not given, and --fail-on over it', () => {
    const project = tempDir();
    const tool = [
      '// @ts-nocheck',
      "@Tool({ name: 'unaudited', description: 'x', input: I })",
      '@ReadOnly()',
      "@RateLimit({ limit: 1, window: '1s' })",
      'export class T {}',
    ].join('\n');
    put(join(project, 'src/t.ts'), tool);
    put(join(project, 'secure-mcp.config.json'), JSON.stringify({ failOn: 'medium' }));
    expect(summary(findings(audit(project)))).toEqual(['medium tool-no-audit src/t.ts:2']);
    expect(audit(project).code).toBe(1);
    expect(audit(project, ['--fail-on', 'high']).code).toBe(0);
    put(join(project, 'secure-mcp.config.json'), JSON.stringify({ failOn: 'high' }));
    expect(audit(project).code).toBe(0);
  });
});
