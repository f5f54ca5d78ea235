import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- plain ESM JavaScript (checked with // @ts-check), transformed by jest
import { ciValues } from '../../../create-app/lib/ci.mjs';
// @ts-expect-error -- as above
import { render } from '../../../create-app/lib/scaffold.mjs';

const TEMPLATE = readFileSync(join(__dirname, '../../../templates/_shared/.github/workflows/ci.yml'), 'utf8');
const workflow = (pm: string): string => render(TEMPLATE, ciValues(pm));

describe('the generated CI workflow', () => {
  it.each([
    ['npm', /npm install/, /npm test\n.*npm run build\n[\s\S]*npm run audit/],
    [
      'pnpm',
      /corepack enable pnpm\n.*pnpm install --no-frozen-lockfile/,
      /pnpm test\n.*pnpm run build\n[\s\S]*pnpm run audit/,
    ],
    ['yarn', /corepack enable yarn\n.*yarn install/, /yarn test\n.*yarn run build\n[\s\S]*yarn run audit/],
  ])('uses %s throughout, and needs no lockfile', (pm, install, run) => {
    const text = workflow(pm);
    expect(text).toMatch(install);
    expect(text).toMatch(run);
    expect(text).not.toMatch(/__[A-Z_]+__/);
    // setup-node's `cache:` fails the job when the lockfile is missing.
    expect(text).not.toMatch(/cache:/);
    for (const other of ['npm', 'pnpm', 'yarn'].filter((o) => o !== pm))
      expect(text).not.toMatch(new RegExp(`run: ${other} `));
  });

  it("npm's install step works in a project without a lockfile (and makes one)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-npm-'));
    try {
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'x', version: '1.0.0', private: true }),
      );
      const step = workflow('npm').match(/- run: (if .*)\n/)![1];
      execFileSync('sh', ['-c', step], {
        cwd: dir,
        stdio: 'pipe',
        env: { ...process.env, npm_config_offline: 'true' },
      });
      expect(existsSync(join(dir, 'package-lock.json'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
