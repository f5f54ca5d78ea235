// @ts-check
/**
 * The CI workflow's package-manager steps, for the manager the project was created with. Each works without a
 * committed lockfile (a new project has none until the first install is committed) and installs exactly from
 * the lockfile once there is one.
 */
const STEPS = {
  npm: {
    setup: 'npm --version',
    install:
      'if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi',
    run: 'npm run',
    test: 'npm test',
  },
  pnpm: {
    // pnpm is not on the runner: corepack (shipped with Node) provides it.
    setup: 'corepack enable pnpm',
    install:
      'if [ -f pnpm-lock.yaml ]; then pnpm install --frozen-lockfile; else pnpm install --no-frozen-lockfile; fi',
    run: 'pnpm run',
    test: 'pnpm test',
  },
  yarn: {
    setup: 'corepack enable yarn',
    install: 'if [ -f yarn.lock ]; then yarn install --frozen-lockfile; else yarn install; fi',
    run: 'yarn run',
    test: 'yarn test',
  },
};

/**
 * Placeholder values of `.github/workflows/ci.yml` for one package manager.
 * @param {'npm' | 'pnpm' | 'yarn'} packageManager
 * @returns {{ CI_SETUP: string, CI_INSTALL: string, CI_RUN: string, CI_TEST: string }}
 */
export function ciValues(packageManager) {
  const s = STEPS[packageManager] ?? STEPS.npm;
  return { CI_SETUP: s.setup, CI_INSTALL: s.install, CI_RUN: s.run, CI_TEST: s.test };
}
