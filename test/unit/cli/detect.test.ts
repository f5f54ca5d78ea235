import {
  findKnownSecrets,
  findSecretsInNamedValue,
  isOnlyReferences,
  looksRandomSecret,
  maskSecret,
} from '../../../src/cli/detect';
import { FAKE } from '../../integration/cli/fake-secrets';

describe('secret detection', () => {
  it.each([
    ['SEED_KEY', 'openai'],
    ['OPENAI', 'openai'],
    ['AWS', 'aws-access-key'],
    ['GITHUB', 'github-token'],
    ['SLACK', 'slack-token'],
    ['GOOGLE', 'google-api-key'],
    ['JWT', 'jwt'],
    ['CANARY', 'anthropic'],
  ] as const)('recognises %s as %s', (name, kind) => {
    expect(findKnownSecrets(`x ${FAKE[name]} y`).map((h) => h.kind)).toEqual([kind]);
  });

  it('recognises Stripe keys, fine-grained GitHub tokens, private key blocks and URL passwords', () => {
    const j = (...p: string[]) => p.join('');
    expect(findKnownSecrets(j('sk_', 'live_', 'FAKEfakeFAKEfake1234')).map((h) => h.kind)).toEqual([
      'stripe-key',
    ]);
    expect(findKnownSecrets(j('github_', 'pat_', '11FAKE0000fakefakefake_abc')).map((h) => h.kind)).toEqual([
      'github-pat',
    ]);
    expect(findKnownSecrets(j('-----BEGIN ', 'RSA PRIVATE KEY-----')).map((h) => h.kind)).toEqual([
      'private-key',
    ]);
    expect(
      findKnownSecrets(j('postgres://app:', 'hunter2hunter', '@db.internal/app')).map((h) => h.kind),
    ).toEqual(['url-credentials']);
  });

  it('ignores references and placeholders', () => {
    for (const v of [
      '${API_KEY}',
      '${env:API_KEY}',
      '${input:key}',
      '$API_KEY',
      '%API_KEY%',
      'env:API_KEY',
      'Bearer ${TOKEN}',
    ]) {
      expect(isOnlyReferences(v)).toBe(true);
      expect(findSecretsInNamedValue('API_KEY', v)).toEqual([]);
    }
    for (const v of [
      'your-api-key-here',
      '<YOUR_TOKEN>',
      'xxxxxxxxxxxxxxxx',
      'changeme',
      '/run/secrets/token',
    ]) {
      expect(findSecretsInNamedValue('API_TOKEN', v)).toEqual([]);
    }
  });

  it('uses entropy only for secret-sounding names', () => {
    expect(findSecretsInNamedValue('DB_PASSWORD', FAKE.HIGH_ENTROPY).map((h) => h.kind)).toEqual([
      'high-entropy',
    ]);
    expect(findSecretsInNamedValue('LOG_FORMAT', FAKE.HIGH_ENTROPY)).toEqual([]);
    expect(findSecretsInNamedValue('TOKEN_URL', 'https://auth.example.com/token')).toEqual([]);
    expect(looksRandomSecret('aaaaaaaaaaaaaaaa')).toBe(false);
    expect(findSecretsInNamedValue('SECRET_PARAMS', 'secure-mcp:secret-params')).toEqual([]);
    expect(findSecretsInNamedValue('AUTH_HEADER', 'X-Custom-Authorization')).toEqual([]);
    expect(findSecretsInNamedValue('SECRET_KEY', 'k3Jd-93Lx-PqZ0-wm2T')).toHaveLength(1);
    // An object key that is a file path is not a credential; a base64-ish value with slashes still is.
    expect(findSecretsInNamedValue('key', 'reports/2025/summary.md')).toEqual([]);
    expect(findSecretsInNamedValue('SECRET_KEY', 'Zm9vYmFy/YmF6cXV4/Q29yZ2U9')).toHaveLength(1);
  });

  it('masks to at most four characters', () => {
    expect(maskSecret(FAKE.SEED_KEY)).toBe('sk-1…[redacted]');
    expect(maskSecret('short')).toBe('[redacted]');
    for (const h of findKnownSecrets(FAKE.CANARY)) expect(h.masked).not.toContain(FAKE.CANARY.slice(4));
  });
});
