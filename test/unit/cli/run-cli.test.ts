import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processDeps, type CliDeps, type Keychain } from '../../../src/cli/deps';
import { runCli } from '../../../src/cli/program';
import { KeychainUnavailableError, SecretCatalog } from '../../../src/security/secrets';

// In-process runs of `secrets` with the OS keychain replaced by a Map (the child-process tests in
// test/integration/cli/commands.test.ts run the same commands against a real headless keychain).
function memoryKeychain(): Keychain & { values: Map<string, string> } {
  const values = new Map<string, string>();
  const key = (s: string, n: string) => `${s}/${n}`;
  return {
    values,
    set: async (s, n, v) => void values.set(key(s, n), v),
    get: async (s, n) => values.get(key(s, n)),
    delete: async (s, n) => values.delete(key(s, n)),
  };
}

let state = '';
beforeEach(() => (state = mkdtempSync(join(tmpdir(), 'secure-mcp-run-cli-'))));
afterEach(() => rmSync(state, { recursive: true, force: true }));

const T0 = new Date('2026-01-01T00:00:00.000Z');

function deps(over: Partial<CliDeps> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let clock = T0.getTime();
  const d: CliDeps = {
    ...processDeps(),
    env: { SECURE_MCP_STATE_DIR: state },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    now: () => new Date((clock += 86_400_000)), // one day later at every reading
    ...over,
  };
  return { d, out, err };
}

const VALUE = ['sk-', 'memoryFAKE', '0123456789'].join('');
const NEW_VALUE = ['sk-', 'rotatedFAKE', '9876543210'].join('');

describe('runCli secrets (keychain replaced)', () => {
  it('set / get / get --reveal / rotate / list / remove through the keychain and the SecretCatalog', async () => {
    const keychain = memoryKeychain();
    let input = VALUE;
    const { d, out } = deps({ keychain, readSecret: async () => input });
    expect(await runCli(['secrets', 'set', 'API_KEY', '--server', 'docs'], d)).toBe(0);
    expect(keychain.values.get('docs/API_KEY')).toBe(VALUE);

    expect(await runCli(['secrets', 'get', 'API_KEY', '--server', 'docs'], d)).toBe(0);
    expect(out.at(-1)).toBe('API_KEY is set for server "docs": [redacted] (use --reveal to print it)');
    expect(await runCli(['secrets', 'get', 'API_KEY', '--server', 'docs', '--reveal'], d)).toBe(0);
    expect(out.at(-1)).toBe(VALUE);

    input = NEW_VALUE;
    expect(await runCli(['secrets', 'rotate', 'API_KEY', '--server', 'docs'], d)).toBe(0);
    expect(keychain.values.get('docs/API_KEY')).toBe(NEW_VALUE);
    const [record] = await new SecretCatalog(state).list();
    expect(record).toEqual({
      server: 'docs',
      name: 'API_KEY',
      createdAt: expect.any(String),
      rotatedAt: expect.any(String),
    });
    expect(Date.parse(record.rotatedAt)).toBeGreaterThan(Date.parse(record.createdAt));

    expect(await runCli(['secrets', 'list'], d)).toBe(0);
    expect(out.slice(-3)).toEqual([
      expect.stringMatching(/^SERVER\s+NAME\s+CREATED\s+ROTATED\s+AGE$/),
      expect.stringMatching(/^-+\s+-+/),
      expect.stringMatching(/^docs\s+API_KEY\s+2026-01-0\d\s+2026-01-0\d\s+\dd$/),
    ]);

    expect(await runCli(['secrets', 'remove', 'API_KEY', '--server', 'docs'], d)).toBe(0);
    expect(keychain.values.size).toBe(0);
    expect(await new SecretCatalog(state).list()).toEqual([]);
    expect(await runCli(['secrets', 'get', 'API_KEY', '--server', 'docs'], d)).toBe(1);
    expect(await runCli(['secrets', 'remove', 'API_KEY', '--server', 'docs'], d)).toBe(1);
    expect(out.join('\n')).not.toContain(NEW_VALUE);
    expect(readFileSync(join(state, 'secrets.json'), 'utf8')).not.toContain('FAKE');
  });

  it('requires --server (the keychain service is secure-mcp/<server name>)', async () => {
    const { d, err } = deps({ keychain: memoryKeychain(), readSecret: async () => VALUE });
    expect(await runCli(['secrets', 'set', 'K'], d)).toBe(2);
    expect(err.join('\n')).toMatch(/--server <name>.*not specified/);
  });

  it('refuses empty values, values shorter than MIN_SECRET_LENGTH and bad names; stores nothing', async () => {
    const keychain = memoryKeychain();
    let input = '';
    const { d, err } = deps({ keychain, readSecret: async () => input });
    expect(await runCli(['secrets', 'set', 'K', '--server', 'default'], d)).toBe(2);
    expect(err.at(-1)).toMatch(/Empty value/);
    input = 'short12';
    expect(await runCli(['secrets', 'set', 'K', '--server', 'default'], d)).toBe(2);
    expect(err.at(-1)).toMatch(/shorter than 8 characters are refused/);
    input = VALUE;
    expect(await runCli(['secrets', 'set', 'bad name!', '--server', 'default'], d)).toBe(2);
    expect(err.at(-1)).toMatch(/invalid secret name/);
    expect(keychain.values.size).toBe(0);
    expect(await new SecretCatalog(state).list()).toEqual([]);
  });

  it('rotate requires an existing entry and a different value', async () => {
    const keychain = memoryKeychain();
    let asked = 0;
    const { d, err } = deps({ keychain, readSecret: async () => (asked++, VALUE) });
    expect(await runCli(['secrets', 'rotate', 'API_KEY', '--server', 'default'], d)).toBe(1);
    expect(err.at(-1)).toBe(
      'API_KEY is not set for server "default": nothing to rotate (use "secrets set").',
    );
    expect(asked).toBe(0);
    expect(keychain.values.size).toBe(0);
    expect(await runCli(['secrets', 'set', 'API_KEY', '--server', 'default'], d)).toBe(0);
    expect(await runCli(['secrets', 'rotate', 'API_KEY', '--server', 'default'], d)).toBe(2);
    expect(err.at(-1)).toMatch(/nothing rotated/);
  });

  it('shows a KeychainUnavailableError message as it is and exits non-zero', async () => {
    const down = async (): Promise<never> => {
      throw new KeychainUnavailableError('no Secret Service: no D-Bus session bus');
    };
    const { d, err } = deps({
      keychain: { set: down, get: down, delete: down },
      readSecret: async () => VALUE,
    });
    for (const args of [
      ['set', 'K', '--server', 'docs'],
      ['get', 'K', '--server', 'docs'],
      ['rotate', 'K', '--server', 'docs'],
      ['remove', 'K', '--server', 'docs'],
    ]) {
      expect(await runCli(['secrets', ...args], d)).toBe(2);
      if (args[0] === 'set' || args[0] === 'rotate') {
        // Issue 17 item 4: set and rotate say what works on this machine instead.
        expect(err.at(-1)).toMatch(
          /^secure-mcp: the OS keychain is not available on this machine \(no Secret Service/,
        );
        expect(err.at(-1)).toMatch(/What works here instead/);
      } else {
        expect(err.at(-1)).toBe('secure-mcp: no Secret Service: no D-Bus session bus');
      }
    }
    expect(await new SecretCatalog(state).list()).toEqual([]);
  });
});
