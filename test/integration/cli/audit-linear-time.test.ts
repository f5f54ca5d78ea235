import { join } from 'node:path';
import { findKnownSecrets, findSecretsInNamedValue, redactKnownSecrets } from '../../../src/cli/detect';
import { loadPolicyFile } from '../../../src/security/policy';
import {
  auditInProcess,
  cleanup,
  emptyProject,
  ensureBuilt,
  findings,
  put,
  runCli,
  tempDir,
  type JsonFinding,
} from './helpers';

// Input shaped to make super-linear code blow up. Each bound is generous (a loaded 2-core machine); the
// code before the fix took from 40 s to hours on the same input (figures in the comments).
beforeAll(ensureBuilt);
afterAll(cleanup);

const KB400 = 400_000;
/** Values on which a regex that restarts inside a failed run rescans the rest of the value at every position. */
const SHAPES: Record<string, string> = {
  'eyJ-': 'eyJ-'.repeat(KB400 / 4), // JWT pattern
  'a.': 'a.'.repeat(KB400 / 2), // password-in-URL pattern
  'ab-': 'ab-'.repeat(KB400 / 3), // password-in-URL pattern
  '${': '${'.repeat(KB400 / 2), // reference stripping
};

describe('linear time on hostile input', () => {
  it('credential detection on 400 KB values (before: ~50 s per value)', () => {
    const t0 = Date.now();
    for (const v of Object.values(SHAPES)) {
      findKnownSecrets(v);
      findSecretsInNamedValue('API_KEY', v);
      redactKnownSecrets(v);
    }
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('a 1.6 MB .mcp.json of such values, audited by the built CLI (child process)', () => {
    const project = emptyProject();
    const values = Object.values(SHAPES);
    put(
      join(project, '.mcp.json'),
      JSON.stringify({
        mcpServers: {
          s: { command: values[0], args: [values[1], '--token', values[2]], env: { API_KEY: values[3] } },
        },
      }),
    );
    const t0 = Date.now();
    const r = runCli(['audit', '--json', '--project', project]);
    expect(findings(r).map((f) => f.id)).toContain('client-command-missing');
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('20,000 servers in one client config (before: 93 s)', async () => {
    const servers: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) servers[`server-${i}`] = { command: 'node', args: [`s${i}.js`] };
    const file = put(join(tempDir(), 'mcp.json'), JSON.stringify({ mcpServers: servers }, null, 2));
    const t0 = Date.now();
    const r = await auditInProcess(['--json', '--project', emptyProject(), '--client-config', file]);
    const usage = (JSON.parse(r.all) as { findings: JsonFinding[] }).findings.filter(
      (f) => f.id === 'client-usage-unknown',
    );
    expect(usage).toHaveLength(20_000);
    // Lines are still right: pretty-printed, each server takes 6 lines after the first two.
    expect(usage.find((f) => f.title.includes('"server-19999"'))?.line).toBe(3 + 6 * 19_999);
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 60_000);

  it('40,000 tools in one source file (before: 99 s)', async () => {
    const project = tempDir();
    put(join(project, 'secure-mcp.config.json'), '{}');
    const tool = (i: number) => `@Tool({name:'t${i}'})@ReadOnly()@RateLimit({})@Audit()class T${i}{}\n`;
    put(join(project, 'src', 'tools.ts'), Array.from({ length: 40_000 }, (_, i) => tool(i)).join(''));
    const t0 = Date.now();
    const r = await auditInProcess(['--json', '--no-clients', '--project', project]);
    // Only the note that a file this large is not scanned for secrets: no tool finding.
    expect(JSON.parse(r.all).findings.map((f: JsonFinding) => f.id)).toEqual(['file-not-scanned']);
    expect(JSON.parse(r.all).scanned[0]).toMatch(/40000 tools/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  }, 60_000);

  it('unclosed brackets in decorator arguments do not make the tool scan quadratic', async () => {
    const project = tempDir();
    put(join(project, 'secure-mcp.config.json'), '{}');
    const args = 'actions: ['.repeat(50_000);
    put(join(project, 'src', 'x.ts'), `@Tool({ name: 'x' })\n@IamPolicy({ ${args} })\nexport class X {}\n`);
    const t0 = Date.now();
    await auditInProcess(['--json', '--no-clients', '--project', project]);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('an extends diamond 22 levels deep is loaded once per file (before: 2^22 loads)', () => {
    const dir = tempDir();
    const level = (i: number) => [`a${i}.json`, `b${i}.json`];
    for (let i = 0; i < 22; i++) {
      for (const f of level(i)) {
        put(
          join(dir, f),
          JSON.stringify(i === 21 ? { requireAudit: true } : { extends: level(i + 1).map((n) => `./${n}`) }),
        );
      }
    }
    put(join(dir, 'secure-mcp.config.json'), JSON.stringify({ extends: ['./a0.json', './b0.json'] }));
    const t0 = Date.now();
    const loaded = loadPolicyFile(join(dir, 'secure-mcp.config.json'));
    expect(loaded.policy.requireAudit).toBe(true);
    expect(loaded.files).toHaveLength(45);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('a chain of more than 100 policy files is refused with a reason', async () => {
    const dir = tempDir();
    for (let i = 0; i < 150; i++)
      put(join(dir, `p${i}.json`), JSON.stringify(i === 149 ? {} : { extends: `./p${i + 1}.json` }));
    put(join(dir, 'secure-mcp.config.json'), JSON.stringify({ extends: './p0.json' }));
    const r = await auditInProcess(['--json', '--no-clients', '--project', dir]);
    expect(JSON.parse(r.all).findings[0]).toMatchObject({
      id: 'policy-invalid',
      title: expect.stringMatching(/extends" more than 100 files/),
    });
  });

  it('a .gitignore of backtracking globs against a long .env name (before: hangs past 60 s)', () => {
    const project = tempDir();
    put(join(project, 'secure-mcp.config.json'), '{}');
    put(join(project, '.gitignore'), ('*a'.repeat(40) + '*b\n').repeat(1000));
    put(join(project, '.env.' + 'a'.repeat(200)), 'X=1\n');
    const t0 = Date.now();
    const r = runCli(['audit', '--json', '--no-clients', '--project', project]);
    expect(findings(r).map((f) => f.id)).toEqual(['env-not-ignored']);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
