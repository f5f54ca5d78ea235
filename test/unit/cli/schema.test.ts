import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { policyProblems } from '../../../src/security/policy';

// The JSON Schema editors use and the loader's validator must agree.
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

describe('schema/secure-mcp.config.schema.json', () => {
  it.each(cases)('agrees with validatePolicy: %s', (_, value) => {
    expect(validate(value)).toBe(policyProblems(value).length === 0);
  });

  it('accepts the fixture policies', () => {
    for (const p of ['projects/good', 'projects/bad']) {
      const file = join(__dirname, '../../fixtures/cli', p, 'secure-mcp.config.json');
      expect(validate(JSON.parse(readFileSync(file, 'utf8')))).toBe(true);
    }
  });
});
