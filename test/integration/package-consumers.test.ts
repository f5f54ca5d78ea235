import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * The built package (dist/, through its `exports` map) imported by a CommonJS and an ESM consumer that live
 * outside the repository, as an installed dependency would be (all three entry points).
 */
describe('the built package', () => {
  const app = mkdtempSync(join(tmpdir(), 'consumer-'));
  beforeAll(() => {
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(ROOT, join(app, 'node_modules', 'secure-mcp'), 'dir');
    for (const dep of ['reflect-metadata', 'class-validator']) {
      symlinkSync(join(ROOT, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
    }
    for (const f of ['consumer.cjs', 'consumer.mjs'])
      copyFileSync(join(__dirname, '../fixtures/consumers', f), join(app, f));
  });

  it.each([
    ['consumer.cjs', 'cjs'],
    ['consumer.mjs', 'esm'],
  ])('is imported and used by %s', (file, kind) => {
    const out = execFileSync(process.execPath, [join(app, file)], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ text: `hello Ada from ${kind}`, listed: 1, name: 'hello' });
  });
});
