import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { processDeps, type CliDeps } from '../../../src/cli/deps';
import { runCli } from '../../../src/cli/program';
import { loadPolicyFile, PolicyError } from '../../../src/security/policy';

// Issue 18 item 7: a local policy that extends the team's must not weaken it silently, and a team can lock rules.

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'policy-weaken-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(rel: string, value: unknown): string {
  const file = join(dir, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

/** The team policy as an npm package, the way teams share it. */
function teamPackage(policy: object): string {
  put('node_modules/@acme/mcp-policy/package.json', { name: '@acme/mcp-policy', main: 'policy.json' });
  return put('node_modules/@acme/mcp-policy/policy.json', policy);
}

function deps(): { d: CliDeps; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const d: CliDeps = {
    ...processDeps(),
    cwd: dir,
    home: join(dir, 'home'),
    env: { SECURE_MCP_STATE_DIR: join(dir, 'state') },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  };
  return { d, out, err };
}

const TEAM = {
  requireAudit: true,
  requireRateLimit: true,
  forbidWildcardIam: true,
  maxSecretAgeDays: 90,
  failOn: 'medium',
  network: { allow: ['api.example.com'] },
  allowedSecretProviders: ['keychain'],
};

const WEAKENING_LOCAL = {
  extends: '@acme/mcp-policy',
  requireAudit: false,
  maxSecretAgeDays: 36500,
  failOn: 'high',
  network: { allow: ['api.example.com', 'evil.example.net'] },
  allowedSecretProviders: ['keychain', 'env'],
};

describe('policy weakenings', () => {
  it('lists every rule a local file weakens, with both files', () => {
    const team = teamPackage(TEAM);
    const local = put('secure-mcp.config.json', { ...WEAKENING_LOCAL, requireRateLimit: true });
    const loaded = loadPolicyFile(local);
    expect(loaded.weakenings.map((w) => [w.rule, w.change, w.file, w.base])).toEqual([
      ['requireAudit', 'true -> false', local, team],
      ['maxSecretAgeDays', '90 -> 36500 days', local, team],
      ['failOn', 'medium -> high', local, team],
      ['network', 'allows more hosts: evil.example.net', local, team],
      ['allowedSecretProviders', 'allows more providers: env', local, team],
    ]);
  });

  it('does not count keeping or tightening a rule as a weakening', () => {
    teamPackage(TEAM);
    const local = put('secure-mcp.config.json', {
      extends: '@acme/mcp-policy',
      requireAudit: true,
      readOnly: true,
      maxSecretAgeDays: 30,
      failOn: 'low',
      network: { allow: ['api.example.com'] },
      allowedSecretProviders: [],
    });
    expect(loadPolicyFile(local).weakenings).toEqual([]);
  });

  it('counts a longer secret age than the default as a weakening when the team sets none', () => {
    teamPackage({ requireAudit: true });
    const local = put('secure-mcp.config.json', { extends: '@acme/mcp-policy', maxSecretAgeDays: 36500 });
    expect(loadPolicyFile(local).weakenings.map((w) => w.change)).toEqual(['90 -> 36500 days']);
  });

  it('`secure-mcp audit` reports each weakening as a finding naming both files', async () => {
    teamPackage(TEAM);
    put('secure-mcp.config.json', WEAKENING_LOCAL);
    const { d, out } = deps();
    await runCli(['audit', '--json', '--no-clients', '--project', dir], d);
    const found = (JSON.parse(out.join('\n')) as { findings: { id: string; title: string; file: string }[] })
      .findings;
    const weakened = found.filter((f) => f.id === 'policy-weakened');
    expect(weakened.map((f) => f.title)).toEqual(
      expect.arrayContaining([
        'Policy rule requireAudit weakened (true -> false) against node_modules/@acme/mcp-policy/policy.json',
        'Policy rule maxSecretAgeDays weakened (90 -> 36500 days) against node_modules/@acme/mcp-policy/policy.json',
      ]),
    );
    expect(weakened).toHaveLength(5);
    expect(weakened.every((f) => f.file === 'secure-mcp.config.json')).toBe(true);
  });

  it('`secure-mcp policy check` prints each weakening (text and JSON)', () => {
    teamPackage(TEAM);
    const local = put('secure-mcp.config.json', WEAKENING_LOCAL);
    // policy check reads the tools from the built entry (package.json "main"): here one that registers none.
    put('package.json', { name: 'p', main: 'server.js' });
    put('server.js', '');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(__dirname, '../../../dist/cli/main.js'), ...args], {
        encoding: 'utf8',
      }).stdout.split('\n');
    const text = cli('policy', 'check', '--project', dir);
    expect(text.filter((l) => l.startsWith('WEAKENED '))).toHaveLength(5);
    expect(text).toContain(
      `WEAKENED requireAudit: ${local} changes ${join(dir, 'node_modules/@acme/mcp-policy/policy.json')} (true -> false)`,
    );
    const doc = JSON.parse(cli('policy', 'check', '--project', dir, '--json').join('\n')) as {
      weakenings: { rule: string }[];
    };
    expect(doc.weakenings.map((w) => w.rule)).toContain('maxSecretAgeDays');
  });
});

describe('locked rules', () => {
  it('refuses a local file that weakens a locked rule, naming the rule and both files', () => {
    const team = teamPackage({ ...TEAM, locked: ['requireAudit', 'maxSecretAgeDays'] });
    const local = put('secure-mcp.config.json', { extends: '@acme/mcp-policy', requireAudit: false });
    let error: unknown;
    try {
      loadPolicyFile(local);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const message = (error as Error).message;
    expect(message).toContain('"requireAudit" is locked');
    expect(message).toContain(team);
    expect(message).toContain(local);
  });

  it('allows a locked rule to be restated or tightened, and cannot be unlocked further down', () => {
    teamPackage({ ...TEAM, locked: ['maxSecretAgeDays'] });
    put('middle.json', { extends: '@acme/mcp-policy', maxSecretAgeDays: 30, locked: [] });
    const local = put('secure-mcp.config.json', { extends: './middle.json', maxSecretAgeDays: 60 });
    // 60 is tighter than the team's 90 but looser than the middle file's 30: still under the team's lock.
    expect(() => loadPolicyFile(local)).toThrow(/"maxSecretAgeDays" is locked by .*policy\.json/);
    put('secure-mcp.config.json', { extends: './middle.json', maxSecretAgeDays: 30 });
    expect(loadPolicyFile(join(dir, 'secure-mcp.config.json')).policy.maxSecretAgeDays).toBe(30);
  });

  it('a later entry of an extends array cannot weaken a rule an earlier one locked', () => {
    put('strict.json', { readOnly: true, locked: ['readOnly'] });
    put('loose.json', { readOnly: false });
    const local = put('secure-mcp.config.json', { extends: ['./strict.json', './loose.json'] });
    expect(() => loadPolicyFile(local)).toThrow(/loose\.json: "readOnly" is locked by .*strict\.json/);
  });

  it('`secure-mcp audit` reports the locked override as an invalid policy (high)', async () => {
    teamPackage({ ...TEAM, locked: ['requireAudit'] });
    put('secure-mcp.config.json', { extends: '@acme/mcp-policy', requireAudit: false });
    const { d, out } = deps();
    const code = await runCli(['audit', '--json', '--no-clients', '--project', dir], d);
    const found = (JSON.parse(out.join('\n')) as { findings: { id: string; title: string }[] }).findings;
    expect(code).toBe(1);
    expect(found.find((f) => f.id === 'policy-invalid')?.title).toMatch(/"requireAudit" is locked/);
  });

  it('rejects a lock of something that is not a rule', () => {
    const local = put('secure-mcp.config.json', { locked: ['requireAudit', 'extends'] });
    expect(() => loadPolicyFile(local)).toThrow(/"locked": "extends" is not a rule that can be locked/);
  });
});

describe('extends reaches only policy files', () => {
  it('never names the keys or values of an extended file that is not a policy', () => {
    const canary = ['canary', 'KEYNAME', 'not-a-real-secret'].join('-');
    const value = ['canary', 'VALUE', 'not-a-real-secret'].join('-');
    put('elsewhere/credentials.json', {
      [canary]: value,
      network: { [canary]: value, allow: [value + ' x'] },
    });
    const local = put('secure-mcp.config.json', { extends: './elsewhere/credentials.json' });
    let message = '';
    try {
      loadPolicyFile(local);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/credentials\.json: 1 key that a secure-mcp policy does not have/);
    expect(message).not.toContain(canary);
    expect(message).not.toContain(value);
  });

  it('still names an unknown key of the project file itself (a typo)', () => {
    const local = put('secure-mcp.config.json', { requireAuditt: true });
    expect(() => loadPolicyFile(local)).toThrow(/unknown key "requireAuditt"/);
  });
});
