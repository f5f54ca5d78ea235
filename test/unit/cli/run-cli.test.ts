import type { SecretCatalogEntry } from '../../../src/cli/adapters/secret-catalog';
import type { SecretsBackend } from '../../../src/cli/adapters/secrets-backend';
import { processDeps, type CliDeps } from '../../../src/cli/deps';
import { runCli } from '../../../src/cli/program';

// In-process runs with the adapters replaced: what `secrets` and `audit verify` do once the lead wires the
// keychain and the audit-log verifier (the child-process tests cover the unwired build).
function memoryBackend(): SecretsBackend & { values: Map<string, string> } {
  const values = new Map<string, string>();
  const catalog: SecretCatalogEntry[] = [];
  const key = (s: string, n: string) => `${s}/${n}`;
  return {
    values,
    async set(s, n, v) {
      values.set(key(s, n), v);
      catalog.push({ server: s, name: n, createdAt: '2026-01-01T00:00:00.000Z' });
    },
    async get(s, n) {
      return values.get(key(s, n));
    },
    async rotate(s, n, v) {
      values.set(key(s, n), v);
    },
    async remove(s, n) {
      return values.delete(key(s, n));
    },
    async list() {
      return catalog;
    },
  };
}

function deps(over: Partial<CliDeps> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const d: CliDeps = { ...processDeps(), out: (l) => out.push(l), err: (l) => err.push(l), ...over };
  return { d, out, err };
}

describe('runCli with wired adapters', () => {
  it('secrets set / get / get --reveal / rotate / remove go through the backend; get masks unless --reveal', async () => {
    const backend = memoryBackend();
    const value = ['sk-', 'memoryFAKE', '0123456789'].join('');
    const { d, out } = deps({ secrets: () => backend, readSecret: async () => value });
    expect(await runCli(['secrets', 'set', 'API_KEY', '--server', 'docs'], d)).toBe(0);
    expect(backend.values.get('docs/API_KEY')).toBe(value);
    expect(await runCli(['secrets', 'get', 'API_KEY', '--server', 'docs'], d)).toBe(0);
    expect(out.at(-1)).toBe('API_KEY = sk-m…[redacted] (use --reveal to print it)');
    expect(await runCli(['secrets', 'get', 'API_KEY', '--server', 'docs', '--reveal'], d)).toBe(0);
    expect(out.at(-1)).toBe(value);
    expect(await runCli(['secrets', 'rotate', 'API_KEY', '--server', 'docs'], d)).toBe(0);
    expect(await runCli(['secrets', 'remove', 'API_KEY', '--server', 'docs'], d)).toBe(0);
    expect(await runCli(['secrets', 'get', 'API_KEY', '--server', 'docs'], d)).toBe(1);
    expect(await runCli(['secrets', 'set', 'bad name!', '--server', 'docs'], d)).toBe(2);
  });

  it('refuses an empty secret value', async () => {
    const backend = memoryBackend();
    const { d, err } = deps({ secrets: () => backend, readSecret: async () => '' });
    expect(await runCli(['secrets', 'set', 'K'], d)).toBe(2);
    expect(err.join()).toMatch(/Empty value/);
    expect(backend.values.size).toBe(0);
  });

  it('audit verify: exit 0 on an intact chain, 1 with the first bad record on tampering', async () => {
    const ok = deps({ verifyAuditLog: async () => ({ ok: true, records: 12 }) });
    expect(await runCli(['audit', 'verify', 'logs/audit.jsonl'], ok.d)).toBe(0);
    expect(ok.out).toEqual(['OK: 12 records, hash chain intact (logs/audit.jsonl)']);
    const bad = deps({
      verifyAuditLog: async () => ({
        ok: false,
        records: 4,
        line: 5,
        reason: 'hash mismatch',
        auditId: 'a-5',
      }),
    });
    expect(await runCli(['audit', 'verify', 'logs/audit.jsonl'], bad.d)).toBe(1);
    expect(bad.out).toEqual([
      'TAMPERED: logs/audit.jsonl line 5 (auditId a-5): hash mismatch; 4 records before it are intact',
    ]);
  });
});
