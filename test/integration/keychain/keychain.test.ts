import { join } from 'node:path';
import { headlessKeyringUnavailable, runWithKeyring } from '../../support/keyring';

const CANARIES = ['canary-secret-7f3a9', 'canary-dotenv-2b8c1'];
const CHILD = [
  '--require',
  join(__dirname, '../../support/register-ts.js'),
  join(__dirname, 'child.ts'),
] as const;
const ROOT = join(__dirname, '..', '..', '..');

const unavailable = headlessKeyringUnavailable();
if (unavailable) {
  console.warn(
    `SKIPPED real OS keychain tests: ${unavailable}. Run .ci/keyring.sh to install what they need.`,
  );
}

function expectNoCanary(text: string): void {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
}

(unavailable ? describe.skip : describe)('OS keychain through a real headless Secret Service', () => {
  it('sets, reads, resolves and deletes a canary secret', async () => {
    const run = await runWithKeyring(process.execPath, [...CHILD, 'with-keyring'], { cwd: ROOT });
    expectNoCanary(run.stdout + run.stderr);
    const out = JSON.parse(run.stdout);
    expect(out).toEqual({
      absentBefore: true,
      readBack: true,
      secretToolSees: true,
      providerReads: true,
      dotenvWins: true,
      keychainBeatsCustom: true,
      scrubbed: true,
      deleted: true,
      deletedAgain: false,
      absentAfter: true,
      missingMessage:
        'Secret CANARY_API_KEY needed by KeychainTool was not found. Looked in: environment variable ' +
        'CANARY_API_KEY; OS keychain service "secure-mcp/keychain-itest" account "CANARY_API_KEY". ' +
        'Set it with: npx secure-mcp secrets set CANARY_API_KEY --server keychain-itest',
    });
    expect(run.code).toBe(0);
  });
});

(process.platform === 'linux' ? describe : describe.skip)('OS keychain without a Secret Service', () => {
  it('reports the keychain as unavailable instead of crashing or pretending it looked', async () => {
    const run = await runWithKeyring(process.execPath, [...CHILD, 'without-keyring'], {
      cwd: ROOT,
      keyring: false,
    });
    expectNoCanary(run.stdout + run.stderr);
    const out = JSON.parse(run.stdout);
    expect(out.setError).toBe('KeychainUnavailableError: no Secret Service: no D-Bus session bus');
    expect(out.missingMessage).toContain(
      'OS keychain service "secure-mcp/keychain-itest" account "CANARY_API_KEY" (unavailable: no Secret Service: no D-Bus session bus)',
    );
    expect(run.code).toBe(0);
  });
});
