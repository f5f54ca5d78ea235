import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigFileError,
  readConfigFile,
  readConfigFileSync,
} from '../../../src/security/files/read-config-file';
import { loadPolicyFile, loadProjectPolicy } from '../../../src/security/policy';
import { DotenvProvider } from '../../../src/security/secrets/providers/dotenv';

// Special files planted where a config is expected: a FIFO (reading blocks forever), a link to /dev/zero
// (reading never ends), a directory, an oversized file. Each must be refused quickly, by type and size.
let dir = '';
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'secure-mcp-safe-read-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fifo = (p: string) => (execFileSync('mkfifo', [p]), p);
const zeroLink = (p: string) => (symlinkSync('/dev/zero', p), p);

describe('readConfigFileSync / readConfigFile', () => {
  it('reads a regular file, and a link to one unless links are refused', async () => {
    const f = join(dir, 'a.json');
    writeFileSync(f, '{"ok":true}');
    symlinkSync(f, join(dir, 'link.json'));
    expect(readConfigFileSync(f)).toBe('{"ok":true}');
    expect(await readConfigFile(join(dir, 'link.json'))).toBe('{"ok":true}');
    expect(() => readConfigFileSync(join(dir, 'link.json'), { followSymlinks: false })).toThrow(
      /symbolic link/,
    );
  });

  it.each([
    ['a FIFO', (p: string) => fifo(p), /a FIFO, not a regular file/],
    ['a link to /dev/zero', (p: string) => zeroLink(p), /a device, not a regular file/],
    ['a directory', (p: string) => (mkdirSync(p), p), /a directory, not a regular file/],
    ['an oversized file', (p: string) => (writeFileSync(p, 'x'.repeat(2048)), p), /larger than 1024 bytes/],
  ])('refuses %s at once (sync and async)', async (_, make, message) => {
    const p = make(join(dir, 'config.json'));
    const t0 = Date.now();
    expect(() => readConfigFileSync(p, { maxBytes: 1024 })).toThrow(message);
    await expect(readConfigFile(p, { maxBytes: 1024 })).rejects.toThrow(ConfigFileError);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('reports a missing file as ENOENT', () => {
    expect(() => readConfigFileSync(join(dir, 'none.json'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });
});

describe('the server reads its configs through it', () => {
  it('a secure-mcp.config.json that is a FIFO or a link to /dev/zero is a PolicyError, not a hang', () => {
    fifo(join(dir, 'secure-mcp.config.json'));
    expect(() => loadProjectPolicy(dir)).toThrow(/a FIFO, not a regular file/);
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'secure-mcp.config.json'), JSON.stringify({ extends: './zero.json' }));
    zeroLink(join(other, 'zero.json'));
    expect(() => loadPolicyFile(join(other, 'secure-mcp.config.json'))).toThrow(
      /a device, not a regular file/,
    );
  });

  it('a .env that is a FIFO or a link to /dev/zero fails the lookup with a reason instead of hanging', async () => {
    fifo(join(dir, '.env'));
    await expect(new DotenvProvider(join(dir, '.env')).get('API_KEY')).rejects.toThrow(/a FIFO/);
    zeroLink(join(dir, 'zero.env'));
    await expect(new DotenvProvider(join(dir, 'zero.env')).get('API_KEY')).rejects.toThrow(/a device/);
  });
});
