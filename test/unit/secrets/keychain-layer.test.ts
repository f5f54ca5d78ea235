import { assertSecretName, keychainService, keychainSet, keychainGet } from '../../../src/security/secrets';

// Input checks happen before the native keyring is touched, so these run on any machine.
describe('keychain layer input checks', () => {
  it('uses service secure-mcp/<server>', () => {
    expect(keychainService('docs')).toBe('secure-mcp/docs');
  });

  it.each(['', 'has space', '../x', 'a/b', 'x'.repeat(129), 'line\nbreak'])(
    'rejects secret name %j',
    (name) => {
      expect(() => assertSecretName(name)).toThrow('invalid secret name');
    },
  );

  it.each(['SEARCH_API_KEY', 'db.password', 'token-2'])('accepts secret name %j', (name) => {
    expect(() => assertSecretName(name)).not.toThrow();
  });

  it('refuses empty values and bad server names without touching the keychain', async () => {
    await expect(keychainSet('docs', 'KEY', '')).rejects.toThrow('non-empty string');
    await expect(keychainGet('', 'KEY')).rejects.toThrow('invalid server name');
    await expect(keychainGet('do\u0000cs', 'KEY')).rejects.toThrow('invalid server name');
  });
});
