import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** What `npm run build` reads: the package sources, the examples and the server fixtures spawned by tests. */
const INPUTS = [
  'src',
  'examples',
  'test/fixtures/servers',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsconfig.examples.json',
];
/** Written by every build (tsc rewrites all outputs), so their age is the build's age. */
const OUTPUTS = ['dist/index.js', 'dist/cli/main.js', 'build/examples/demo.js'];

function newest(path: string): number {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

/** True when some output is missing or older than some input. */
export function buildIsStale(): boolean {
  const built = Math.min(
    ...OUTPUTS.map((o) => statSync(join(ROOT, o), { throwIfNoEntry: false })?.mtimeMs ?? 0),
  );
  return INPUTS.some((i) => newest(join(ROOT, i)) > built);
}

/**
 * Jest global setup: tests that spawn the built server or CLI need `dist/` and `build/`, so plain `npx jest`
 * builds once, like `npm run build`, when the build is missing or older than its sources.
 */
export default function globalSetup(): void {
  if (!buildIsStale()) return;
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  rmSync(join(ROOT, 'build'), { recursive: true, force: true });
  for (const project of ['tsconfig.build.json', 'tsconfig.examples.json'])
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: ROOT, stdio: 'inherit' });
}
