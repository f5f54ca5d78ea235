import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { policyProblems } from '../../../src/security/policy';

// The loader validates with the JSON Schema editors use (Ajv), keeping the project's readable messages.
const schema = JSON.parse(
  readFileSync(join(__dirname, '../../../schema/secure-mcp.config.schema.json'), 'utf8'),
);
const validate = new Ajv({ strict: false }).compile(schema);

const cases: [string, unknown][] = [
  ['empty', {}],
  [
    'full',
    {
      $schema: 'x',
      extends: ['@acme/p', './b.json'],
      requireRateLimit: true,
      requireAudit: false,
      readOnly: true,
      network: { allow: ['a.com', '*.b.com'] },
      maxSecretAgeDays: 90,
      forbidWildcardIam: true,
      allowedSecretProviders: ['env', 'keychain'],
      failOn: 'low',
    },
  ],
  ['unknown key', { requireAuditt: true }],
  ['bad boolean', { readOnly: 'yes' }],
  ['bad age', { maxSecretAgeDays: 1.5 }],
  ['zero age', { maxSecretAgeDays: 0 }],
  ['bad failOn', { failOn: 'critical' }],
  ['bad host', { network: { allow: ['https://a.com'] } }],
  ['bad network key', { network: { deny: [] } }],
  ['bad extends', { extends: 3 }],
  ['bad providers', { allowedSecretProviders: 'env' }],
  ['locked', { locked: ['requireAudit', 'maxSecretAgeDays', 'network'] }],
  ['bad locked', { locked: ['extends'] }],
  ['locked not an array', { locked: 'requireAudit' }],
];

describe('schema/secure-mcp.config.schema.json is the one definition of the policy', () => {
  it.each(cases)('the loader agrees with the schema, in readable sentences: %s', (_, value) => {
    const problems = policyProblems(value);
    expect(problems.length === 0).toBe(validate(value));
    // Ajv's own wording ("must NOT have additional properties", "must match pattern") stays inside.
    for (const p of problems) expect(p).toMatch(/^(unknown key "|"[$a-zA-Z.]+"( must|: ))/);
  });

  it('refuses what only the schema said (an empty extends list, a $schema that is not a string)', () => {
    expect(policyProblems({ extends: [] })).toEqual([
      '"extends" must be a package name, a relative path, or an array of them',
    ]);
    expect(policyProblems({ $schema: 5 })).toEqual(['"$schema" must be a string']);
  });

  it('never echoes keys or values of a file reached through extends', () => {
    const canary = 'canary-policy-value-not-a-secret';
    const problems = policyProblems(
      { [canary]: 1, network: { allow: [canary + '/x'], [canary]: 1 }, locked: [canary] },
      { nameUnknownKeys: false },
    );
    expect(problems).toEqual([
      '1 key that a secure-mcp policy does not have (names not shown: is this a policy file?)',
      'unknown key in "network"',
      '"network.allow": not a host name',
      expect.stringMatching(/^"locked": an entry is not a rule that can be locked/),
    ]);
    expect(problems.join('\n')).not.toContain('canary');
  });

  it('accepts the fixture policies', () => {
    for (const p of ['projects/good', 'projects/bad']) {
      const file = join(__dirname, '../../fixtures/cli', p, 'secure-mcp.config.json');
      expect(validate(JSON.parse(readFileSync(file, 'utf8')))).toBe(true);
      expect(policyProblems(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
    }
  });
});
