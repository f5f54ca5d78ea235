// The provider examples in docs/secrets.md, run as written: the code blocks are extracted, compiled with swc
// and executed, so the documentation cannot drift from a working provider.
import { transformSync } from '@swc/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as secrets from '../../../src/security/secrets';
import type { SecretProvider } from '../../../src/security/secrets';

const DOC = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'secrets.md'), 'utf8');

function codeBlockAfter(marker: string): string {
  const from = DOC.indexOf(marker);
  if (from === -1) throw new Error(`docs/secrets.md has no "${marker}"`);
  const match = /```ts\n([\s\S]*?)```/.exec(DOC.slice(from));
  if (!match) throw new Error(`no ts block after "${marker}"`);
  return match[1];
}

function load(source: string, modules: Record<string, unknown>): Record<string, any> {
  const { code } = transformSync(source, {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const module = { exports: {} as Record<string, any> };
  const fakeRequire = (id: string) => (id in modules ? modules[id] : require(id));
  new Function('require', 'module', 'exports', code)(fakeRequire, module, module.exports);
  return module.exports;
}

describe('docs/secrets.md: secrets mounted as files', () => {
  const { SecretFilesProvider } = load(codeBlockAfter('Secrets mounted as files'), { 'secure-mcp': secrets });
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'secret-files-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves through SecretResolver after the built-in providers', async () => {
    writeFileSync(join(dir, 'FILE_SECRET_T1'), 'canary-file-secret-4d2e\n');
    const provider: SecretProvider = new SecretFilesProvider(dir);
    const resolver = new secrets.SecretResolver({
      server: 'docs',
      envFile: false,
      keychain: false,
      providers: [provider],
    });
    const values = await resolver.resolveAll([{ name: 'FILE_SECRET_T1', tool: 'T' }]);
    expect(values.get('FILE_SECRET_T1')?.reveal()).toBe('canary-file-secret-4d2e');
    const error = await resolver.resolveAll([{ name: 'FILE_SECRET_T2', tool: 'T' }]).catch((e) => e);
    expect(error.message).toContain(`file ${join(dir, 'FILE_SECRET_T2')}`);
  });
});

describe('docs/secrets.md: AWS Secrets Manager provider (against a fake client, not AWS)', () => {
  class GetSecretValueCommand {
    constructor(readonly input: { SecretId: string }) {}
  }
  const fakeSdk = { SecretsManagerClient: class {}, GetSecretValueCommand };
  const { AwsSecretsManagerProvider } = load(codeBlockAfter('AWS Secrets Manager (not shipped'), {
    'secure-mcp': secrets,
    '@aws-sdk/client-secrets-manager': fakeSdk,
  });
  const store: Record<string, string> = { 'mcp/docs/SEARCH_API_KEY': 'canary-aws-secret-9c1b' };
  const client = {
    async send(command: GetSecretValueCommand) {
      if (command.input.SecretId === 'mcp/docs/BROKEN')
        throw Object.assign(new Error('x'), { name: 'AccessDeniedException' });
      const value = store[command.input.SecretId];
      if (value === undefined)
        throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
      return { SecretString: value };
    },
  };
  const resolver = new secrets.SecretResolver({
    server: 'docs',
    envFile: false,
    keychain: false,
    providers: [new AwsSecretsManagerProvider(client)],
  });

  it('reads <prefix><server>/<NAME>', async () => {
    const values = await resolver.resolveAll([
      { name: 'SEARCH_API_KEY', tool: 'T', provider: 'aws-secrets-manager' },
    ]);
    expect(values.get('SEARCH_API_KEY')?.reveal()).toBe('canary-aws-secret-9c1b');
  });

  it('reports not found and unavailable the way the start-up error expects', async () => {
    const error = await resolver
      .resolveAll([
        { name: 'MISSING', tool: 'T' },
        { name: 'BROKEN', tool: 'T' },
      ])
      .catch((e) => e);
    expect(error.message).toContain('AWS Secrets Manager secret mcp/docs/MISSING. ');
    expect(error.message).toContain(
      'AWS Secrets Manager secret mcp/docs/BROKEN (unavailable: AccessDeniedException reading mcp/docs/BROKEN)',
    );
  });
});
