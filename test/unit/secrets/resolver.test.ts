import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartupError } from '../../../src/errors';
import {
  SecretProviderUnavailable,
  SecretResolver,
  StaticProvider,
  secretRequests,
  type SecretProvider,
} from '../../../src/security/secrets';

// Unique names so the suite never collides with a real variable of the machine running it.
const P = `SMCP_T${process.pid}_`;
const dirs: string[] = [];
const envNames: string[] = [];

function setEnv(name: string, value: string): void {
  envNames.push(name);
  process.env[name] = value;
}

function envFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
  dirs.push(dir);
  const file = join(dir, '.env');
  writeFileSync(file, content);
  return file;
}

function recordingProvider(
  name: string,
  values: Record<string, string> = {},
): SecretProvider & { asked: string[] } {
  const asked: string[] = [];
  return {
    name,
    asked,
    async get(secret) {
      asked.push(secret);
      return values[secret];
    },
  };
}

afterEach(() => {
  for (const n of envNames.splice(0)) delete process.env[n];
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SecretResolver resolution order', () => {
  it('asks env, .env, keychain, then custom providers in order', () => {
    const custom = recordingProvider('custom');
    const resolver = new SecretResolver({ server: 'docs', providers: [custom] });
    expect(resolver.providerNames).toEqual(['env', 'dotenv', 'keychain', 'custom']);
  });

  it('environment beats .env, .env beats custom providers', async () => {
    const file = envFile(`${P}A=from-dotenv-AAAA\n${P}B=from-dotenv-BBBB\n`);
    setEnv(`${P}A`, 'from-env-AAAAAAA');
    const custom = recordingProvider('custom', {
      [`${P}A`]: 'custom-AAAAAAAA',
      [`${P}B`]: 'custom-BBBBBBBB',
      [`${P}C`]: 'custom-CCCCCCCC',
    });
    const resolver = new SecretResolver({
      server: 'docs',
      envFile: file,
      keychain: false,
      providers: [custom],
    });
    const values = await resolver.resolveAll(
      ['A', 'B', 'C'].map((x) => ({ name: `${P}${x}`, tool: 'SomeTool' })),
    );
    expect(values.get(`${P}A`)?.reveal()).toBe('from-env-AAAAAAA');
    expect(values.get(`${P}B`)?.reveal()).toBe('from-dotenv-BBBB');
    expect(values.get(`${P}C`)?.reveal()).toBe('custom-CCCCCCCC');
    expect(custom.asked).toEqual([`${P}C`]); // not asked for what an earlier provider had
  });

  it('an empty environment variable counts as not set', async () => {
    setEnv(`${P}E`, '');
    const file = envFile(`${P}E=from-dotenv-EEEE\n`);
    const values = await new SecretResolver({ server: 'docs', envFile: file, keychain: false }).resolveAll([
      { name: `${P}E`, tool: 'T' },
    ]);
    expect(values.get(`${P}E`)?.reveal()).toBe('from-dotenv-EEEE');
  });

  it('`provider` restricts a secret to that provider', async () => {
    setEnv(`${P}R`, 'from-env-RRRRRRR');
    const custom = recordingProvider('vault', { [`${P}R`]: 'from-vault-RRRR' });
    const values = await new SecretResolver({
      server: 'docs',
      keychain: false,
      envFile: false,
      providers: [custom],
    }).resolveAll([{ name: `${P}R`, tool: 'T', provider: 'vault' }]);
    expect(values.get(`${P}R`)?.reveal()).toBe('from-vault-RRRR');
  });

  it('test `values` win over everything, restriction or not', async () => {
    setEnv(`${P}V`, 'from-env-VVVVVVV');
    const values = await new SecretResolver({
      server: 'docs',
      keychain: false,
      providers: [recordingProvider('vault')],
      values: { [`${P}V`]: 'fake-test-value-1' },
    }).resolveAll([{ name: `${P}V`, tool: 'T', provider: 'vault' }]);
    expect(values.get(`${P}V`)?.reveal()).toBe('fake-test-value-1');
  });

  it('resolves a name shared by several tools once', async () => {
    const custom = recordingProvider('custom', { [`${P}S`]: 'shared-value-SSSS' });
    const values = await new SecretResolver({
      server: 'docs',
      keychain: false,
      envFile: false,
      providers: [custom],
    }).resolveAll([
      { name: `${P}S`, tool: 'A' },
      { name: `${P}S`, tool: 'B' },
    ]);
    expect(values.get(`${P}S`)?.reveal()).toBe('shared-value-SSSS');
    expect(custom.asked).toEqual([`${P}S`]);
  });

  it('adds every resolved value to the scrubber', async () => {
    setEnv(`${P}K`, 'canary-secret-7f3a9');
    const resolver = new SecretResolver({ server: 'docs', keychain: false, envFile: false });
    await resolver.resolveAll([{ name: `${P}K`, tool: 'T' }]);
    expect(resolver.scrubber.scrub('x canary-secret-7f3a9 y')).toBe('x [REDACTED] y');
  });

  it('builds requests from tool definitions', () => {
    class SearchDocsTool {
      execute() {}
    }
    expect(
      secretRequests([{ target: SearchDocsTool, secrets: [{ index: 1, name: 'KEY', optional: true }] }]),
    ).toEqual([{ name: 'KEY', tool: 'SearchDocsTool', provider: undefined, optional: true }]);
  });
});

describe('.env handling', () => {
  it('never writes to process.env', async () => {
    const file = envFile(`${P}X=from-dotenv-XXXX\nOTHER_${P}=should-not-appear\n`);
    const before = { ...process.env };
    await new SecretResolver({ server: 'docs', envFile: file, keychain: false }).resolveAll([
      { name: `${P}X`, tool: 'T' },
    ]);
    expect(process.env).toEqual(before);
  });

  it('parses quoted and commented lines the way dotenv does', async () => {
    const file = envFile(`# comment\n${P}Q="quoted value # not a comment"\n`);
    const values = await new SecretResolver({ server: 'docs', envFile: file, keychain: false }).resolveAll([
      { name: `${P}Q`, tool: 'T' },
    ]);
    expect(values.get(`${P}Q`)?.reveal()).toBe('quoted value # not a comment');
  });
});

describe('missing secrets', () => {
  const unavailableKeychain: SecretProvider = {
    name: 'aws-secrets-manager',
    async get() {
      throw new SecretProviderUnavailable('no credentials');
    },
  };

  it('names the secret, the tool and every place looked, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    dirs.push(dir);
    const missingFile = join(dir, '.env');
    const resolver = new SecretResolver({
      server: 'docs',
      envFile: missingFile,
      keychain: false,
      providers: [recordingProvider('vault')],
    });
    const error = await resolver
      .resolveAll([{ name: `${P}SEARCH_API_KEY`, tool: 'SearchDocsTool' }])
      .catch((e) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toBe(
      `Secret ${P}SEARCH_API_KEY needed by SearchDocsTool was not found. Looked in: ` +
        `environment variable ${P}SEARCH_API_KEY; .env file ${missingFile} (no such file); provider vault. ` +
        `Set it with: npx secure-mcp secrets set ${P}SEARCH_API_KEY --server docs`,
    );
  });

  it('says which providers could not look, and lists every missing secret and tool', async () => {
    const resolver = new SecretResolver({
      server: 'docs',
      envFile: false,
      keychain: false,
      providers: [unavailableKeychain],
    });
    const error = await resolver
      .resolveAll([
        { name: `${P}M1`, tool: 'ToolA' },
        { name: `${P}M1`, tool: 'ToolB' },
        { name: `${P}M2`, tool: 'ToolC' },
      ])
      .catch((e) => e);
    expect(error.message).toContain('2 secrets were not found');
    expect(error.message).toContain(`Secret ${P}M1 needed by ToolA, ToolB was not found`);
    expect(error.message).toContain(`Secret ${P}M2 needed by ToolC was not found`);
    expect(error.message).toContain('provider aws-secrets-manager (unavailable: no credentials)');
  });

  it('contains no secret value, even when other secrets resolved or a provider error echoes one', async () => {
    setEnv(`${P}OK`, 'canary-secret-7f3a9');
    const leaky: SecretProvider = {
      name: 'leaky',
      async get() {
        throw new Error('backend said: canary-secret-7f3a9 is wrong');
      },
    };
    const error = await new SecretResolver({
      server: 'docs',
      envFile: false,
      keychain: false,
      providers: [leaky],
    })
      .resolveAll([
        { name: `${P}OK`, tool: 'A' },
        { name: `${P}MISSING`, tool: 'B' },
      ])
      .catch((e) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toContain(`Secret ${P}MISSING needed by B`);
    expect(error.message).toContain('provider leaky (failed: backend said: [REDACTED] is wrong)');
    expect(error.message).not.toContain('canary-secret-7f3a9');
    expect(error.stack).not.toContain('canary-secret-7f3a9');
  });

  it('an optional secret resolves to undefined', async () => {
    const values = await new SecretResolver({ server: 'docs', envFile: false, keychain: false }).resolveAll([
      { name: `${P}OPT`, tool: 'T', optional: true },
    ]);
    expect(values.has(`${P}OPT`)).toBe(true);
    expect(values.get(`${P}OPT`)).toBeUndefined();
  });

  it('optional in one tool but required in another is required', async () => {
    await expect(
      new SecretResolver({ server: 'docs', envFile: false, keychain: false }).resolveAll([
        { name: `${P}OPT`, tool: 'A', optional: true },
        { name: `${P}OPT`, tool: 'B' },
      ]),
    ).rejects.toThrow(`Secret ${P}OPT needed by A, B was not found`);
  });

  it('suggests the right fix for a restricted secret', async () => {
    const error = await new SecretResolver({
      server: 'docs',
      envFile: false,
      keychain: false,
      providers: [recordingProvider('vault')],
    })
      .resolveAll([{ name: `${P}RV`, tool: 'T', provider: 'vault' }])
      .catch((e) => e);
    expect(error.message).toBe(
      `Secret ${P}RV needed by T was not found. Looked in: provider vault. Store it where provider vault looks.`,
    );
  });
});

describe('configuration errors', () => {
  it('refuses values too short to scrub, without printing them', async () => {
    setEnv(`${P}SHORT`, 'abc12');
    const error = await new SecretResolver({ server: 'docs', envFile: false, keychain: false })
      .resolveAll([{ name: `${P}SHORT`, tool: 'T' }])
      .catch((e) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toContain(
      `Secret ${P}SHORT needed by T (from environment variable ${P}SHORT) is 5 characters`,
    );
    expect(error.message).not.toContain('abc12');
  });

  it('refuses an unknown provider restriction', async () => {
    await expect(
      new SecretResolver({ server: 'docs', envFile: false, keychain: false }).resolveAll([
        { name: `${P}U`, tool: 'T', provider: 'nope' },
      ]),
    ).rejects.toThrow('asks for provider "nope", which is not configured (configured: env)');
  });

  it('refuses one name requested from different providers', async () => {
    await expect(
      new SecretResolver({
        server: 'docs',
        envFile: false,
        keychain: false,
        providers: [new StaticProvider({}, 'vault')],
      }).resolveAll([
        { name: `${P}D`, tool: 'A', provider: 'vault' },
        { name: `${P}D`, tool: 'B' },
      ]),
    ).rejects.toThrow(`Secret ${P}D is requested from different providers: A (vault), B (any provider)`);
  });

  it('refuses two providers with one name', () => {
    expect(() => new SecretResolver({ server: 'docs', providers: [new StaticProvider({}, 'env')] })).toThrow(
      StartupError,
    );
  });
});

describe('provider failures', () => {
  it('reports a .env path that cannot be read instead of skipping it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    dirs.push(dir);
    const error = await new SecretResolver({ server: 'docs', envFile: dir, keychain: false })
      .resolveAll([{ name: `${P}Z`, tool: 'T' }])
      .catch((e) => e);
    expect(error.message).toContain(
      `.env file ${dir} (failed: cannot read ${dir}: is a directory, not a regular file`,
    );
  });
});

describe('custom provider results', () => {
  it('treats null and empty strings as not found, and non-strings as a failure', async () => {
    const odd: SecretProvider = {
      name: 'odd',
      async get(name) {
        return ({ [`${P}NULL`]: null, [`${P}EMPTY`]: '', [`${P}NUM`]: 12345678 } as Record<string, any>)[
          name
        ];
      },
    };
    const error = await new SecretResolver({
      server: 'docs',
      envFile: false,
      keychain: false,
      providers: [odd],
    })
      .resolveAll(['NULL', 'EMPTY', 'NUM'].map((x) => ({ name: `${P}${x}`, tool: 'T' })))
      .catch((e) => e);
    expect(error.message).toContain('3 secrets were not found');
    expect(error.message).toContain('provider odd (failed: returned a number, not a string)');
    expect(error.message).not.toContain('12345678');
  });
});

describe('advice that works on this machine (no keychain dead end)', () => {
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  beforeEach(() => {
    // A bus that does not exist: the real keychain provider finds no Secret Service, as on a headless server.
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/secure-mcp-test-bus';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
  });

  it('suggests the environment or .env, not `secrets set`, when the OS keychain is unreachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    dirs.push(dir);
    const file = join(dir, '.env');
    const error = await new SecretResolver({ server: 'docs', envFile: file })
      .resolveAll([{ name: `${P}HEADLESS_KEY`, tool: 'T' }])
      .catch((e) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toContain('(unavailable:');
    expect(error.message).not.toContain('secrets set');
    expect(error.message).toContain(`set the environment variable ${P}HEADLESS_KEY`);
    expect(error.message).toContain(`add ${P}HEADLESS_KEY=... to ${file}`);
  });
});

describe('unexpanded client placeholders', () => {
  it.each([
    ['${API_KEY}', '${API_KEY}'],
    ['${env:API_KEY}', '${env:API_KEY}'],
    ['${input:api-key}', '${input:api-key}'],
    ['${API_KEY:-canary-default-value-zz}', '${API_KEY:-…}'],
    ['$API_KEY_WITH_A_LONG_NAME', '$NAME'],
    ['%API_KEY_WITH_A_LONG_NAME%', '%NAME%'],
  ])('refuses %s at start-up and names the client-side cause', async (value, shown) => {
    setEnv(`${P}PH`, value);
    const error = await new SecretResolver({ server: 'docs', envFile: false, keychain: false })
      .resolveAll([{ name: `${P}PH`, tool: 'CallApi' }])
      .catch((e) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toContain(`is the unexpanded placeholder ${shown}, not a value`);
    for (const client of ['Claude Desktop', 'Claude Code', 'Cursor', 'VS Code']) {
      expect(error.message).toContain(client);
    }
    expect(error.message).not.toContain('canary-default-value-zz');
  });

  it('accepts values that merely contain a dollar sign', async () => {
    setEnv(`${P}DOLLAR`, 'pa$$word-canary-not-a-placeholder');
    const values = await new SecretResolver({ server: 'docs', envFile: false, keychain: false }).resolveAll([
      { name: `${P}DOLLAR`, tool: 'T' },
    ]);
    expect(values.get(`${P}DOLLAR`)?.reveal()).toBe('pa$$word-canary-not-a-placeholder');
  });
});
