import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretCatalog, secretAgeDays } from '../../../src/security/secrets';

let dir: string;
let now: Date;
const catalog = () => new SecretCatalog(dir, () => now);

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'catalog-')), 'state');
  now = new Date('2026-01-01T00:00:00.000Z');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

describe('SecretCatalog', () => {
  it('records names and dates only, in a private file', async () => {
    await catalog().set('docs', 'SEARCH_API_KEY');
    const text = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({
      version: 1,
      secrets: [
        {
          name: 'SEARCH_API_KEY',
          server: 'docs',
          createdAt: '2026-01-01T00:00:00.000Z',
          rotatedAt: '2026-01-01T00:00:00.000Z',
        },
      ],
    });
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
  });

  it('set again or rotate keeps createdAt and moves rotatedAt', async () => {
    await catalog().set('docs', 'K');
    now = new Date('2026-02-01T00:00:00.000Z');
    await catalog().rotate('docs', 'K');
    now = new Date('2026-03-01T00:00:00.000Z');
    const record = await catalog().set('docs', 'K');
    expect(record).toEqual({
      name: 'K',
      server: 'docs',
      createdAt: '2026-01-01T00:00:00.000Z',
      rotatedAt: '2026-03-01T00:00:00.000Z',
    });
  });

  it('rotate of an unknown secret fails', async () => {
    await expect(catalog().rotate('docs', 'NOPE')).rejects.toThrow('not in the catalog');
  });

  it('lists per server or all, and removes', async () => {
    await catalog().set('docs', 'B');
    await catalog().set('docs', 'A');
    await catalog().set('mail', 'A');
    expect((await catalog().list('docs')).map((r) => r.name)).toEqual(['A', 'B']);
    expect((await catalog().list()).map((r) => `${r.server}/${r.name}`)).toEqual([
      'docs/A',
      'docs/B',
      'mail/A',
    ]);
    expect(await catalog().remove('docs', 'A')).toBe(true);
    expect(await catalog().remove('docs', 'A')).toBe(false);
    expect(await catalog().get('mail', 'A')).toBeDefined();
    expect(await catalog().list('docs')).toHaveLength(1);
  });

  it('finds secrets older than the limit (the 90-day rule)', async () => {
    await catalog().set('docs', 'OLD');
    now = new Date('2026-03-15T00:00:00.000Z');
    await catalog().set('docs', 'NEW');
    now = new Date('2026-04-05T00:00:00.000Z'); // OLD is 94 days old, NEW 21
    expect((await catalog().olderThan(90)).map((r) => r.name)).toEqual(['OLD']);
    expect(secretAgeDays((await catalog().get('docs', 'NEW'))!, now)).toBe(21);
  });

  it('rejects names that are not secret names', async () => {
    await expect(catalog().set('docs', '../evil')).rejects.toThrow('invalid secret name');
  });

  it('refuses a file that is not a catalog', async () => {
    await catalog().set('docs', 'A');
    require('node:fs').writeFileSync(join(dir, 'secrets.json'), '{"hello":1}');
    await expect(catalog().list()).rejects.toThrow('is not a secret catalog');
  });
});
