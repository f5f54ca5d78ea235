import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { FAKE } from './fake-secrets';
import { cleanup, emptyProject, FIXTURES, materialize, ROOT, runCli } from './helpers';

afterAll(cleanup);

// The official SARIF 2.1.0 schema, vendored from the npm package @microsoft/jest-sarif (MIT).
const schema = JSON.parse(readFileSync(join(FIXTURES, 'sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; informationUri: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
  }[];
}

describe('secure-mcp audit: output formats and exit codes', () => {
  it('emits SARIF 2.1.0 that validates against the schema and has what GitHub code scanning needs', () => {
    const project = materialize('projects/bad');
    const client = materialize('clients/many-secrets.json');
    const r = runCli(['audit', '--sarif', '--project', project, '--client-config', client]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validateSarif(log)).toBe(true);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({
      name: 'secure-mcp',
      informationUri: expect.stringMatching(/^https:\/\//),
    });
    const ruleIds = new Set(run.tool.driver.rules.map((x) => x.id));
    expect(run.results.length).toBeGreaterThan(10);
    for (const res of run.results) {
      expect(ruleIds.has(res.ruleId)).toBe(true);
      expect(['error', 'warning', 'note']).toContain(res.level);
      expect(res.message.text.length).toBeGreaterThan(0);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri.length).toBeGreaterThan(0);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    }
    const inClient = run.results.find((x) => x.ruleId === 'client-secret')!;
    expect(inClient.locations[0].physicalLocation.artifactLocation.uri).toMatch(
      /^file:\/\/\/.*many-secrets\.json$/,
    );
    const src = run.results.find((x) => x.ruleId === 'source-secret')!;
    expect(src.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/config.ts' },
      region: { startLine: 3 },
    });
    expect(r.stdout).not.toContain(FAKE.CANARY.slice(4));
  });

  it('a broken SARIF document fails the same validation (the check can fail)', () => {
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false);
  });

  it('prints a readable table by default, with masked secrets and a summary', () => {
    const r = runCli([
      'audit',
      '--project',
      emptyProject(),
      '--client-config',
      materialize('clients/seed-bad.json'),
    ]);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^#\s+SEVERITY\s+ID\s+WHERE\s+FINDING$/);
    expect(lines[2]).toMatch(
      /^1\s+HIGH\s+client-secret\s+\S+seed-bad\.json:7\s+Server "my-server": .*\(sk-1…\[redacted\]\)$/,
    );
    expect(r.stdout).toMatch(/^3 findings \(1 high, 0 medium, 1 low, 1 info\)\.$/m);
    expect(r.stdout).toContain('Fixes:');
  });

  it('--fail-on decides the exit code', () => {
    const seedBetter = join(FIXTURES, 'clients/seed-better.json');
    const args = ['audit', '--project', emptyProject(), '--client-config', seedBetter];
    expect(runCli(args).code).toBe(0); // low + info only
    expect(runCli([...args, '--fail-on', 'medium']).code).toBe(0);
    expect(runCli([...args, '--fail-on', 'low']).code).toBe(1);
  });

  it.each([
    [['audit', '--fail-on', 'critical']],
    [['audit', '--json', '--sarif']],
    [['audit', '--unused-days', 'soon']],
    [['audit', '--bogus']],
    [['no-such-command']],
  ])('exits 2 on usage errors: %j', (args) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error/i);
  });

  it('prints help and version with exit 0', () => {
    expect(runCli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('audit') });
    expect(runCli(['--version']).stdout.trim()).toBe(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });
});
