import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// semver ships no types here (no @types/semver); the four calls used are typed by hand.
interface Semver {
  Range: new (r: string) => { set: ReadonlyArray<ReadonlyArray<unknown>> };
  minVersion(r: string): { version: string } | null;
  satisfies(v: string, r: string): boolean;
  major(v: string | { version: string }): number;
}
const semver = require('semver') as Semver;

// Node versions a declared `engines` range admits, reduced to the lowest version of each branch
// (`^20.19.0 || >=22.12.0` → 20.19.0, 22.12.0) plus the newest of each line CI runs.
const ROOT = join(__dirname, '../../..');
const readJson = (p: string): Record<string, any> => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));

function admitted(range: string): string[] {
  const lows = new semver.Range(range).set.map(
    (set) => semver.minVersion(set.map(String).join(' '))!.version,
  );
  return [...lows, '20.20.2', '22.23.3', '24.21.0'].filter((v) => semver.satisfies(v, range));
}

function engineOf(dep: string, from: string): string | undefined {
  return readJson(join(from, 'node_modules', dep, 'package.json')).engines?.node;
}

function mismatches(pkgDir: string, deps: string[], lookupDir = pkgDir): string[] {
  const ours: string = readJson(join(pkgDir, 'package.json')).engines.node;
  const out: string[] = [];
  for (const dep of deps) {
    const theirs = engineOf(dep, lookupDir);
    if (!theirs) continue;
    for (const v of admitted(ours))
      if (!semver.satisfies(v, theirs)) out.push(`${dep} (${theirs}) rejects Node ${v}`);
  }
  return out;
}

describe('engines agree with what the packages we ship depend on', () => {
  it('secure-mcp: every runtime dependency accepts every Node version our engines admit', () => {
    const deps = Object.keys(readJson('package.json').dependencies);
    expect(mismatches('.', deps)).toEqual([]);
  });

  it('create-secure-mcp (the scaffolder): its dependencies accept every Node version it declares', () => {
    // In this repository its dependencies resolve from the root node_modules (root devDependencies).
    const deps = Object.keys(readJson('create-app/package.json').dependencies);
    expect(mismatches('create-app', deps, '.')).toEqual([]);
  });

  it('the scaffolder, the framework and every template declare the same engines', () => {
    const root = readJson('package.json').engines.node;
    expect(readJson('create-app/package.json').engines.node).toBe(root);
    for (const t of readdirSync(join(ROOT, 'templates')).filter((d) => !d.startsWith('_'))) {
      const tmpl = readFileSync(join(ROOT, 'templates', t, 'package.json.tmpl'), 'utf8');
      expect({ template: t, engines: /"node":\s*"([^"]+)"/.exec(tmpl)?.[1] }).toEqual({
        template: t,
        engines: root,
      });
    }
  });

  it('CI has a Node binary for 22 and 24 whose major matches (the devDependencies node and node24)', () => {
    const dev = readJson('package.json').devDependencies;
    expect(semver.major(semver.minVersion(dev.node)!)).toBe(22);
    expect(dev.node24).toMatch(/^npm:node@/);
    expect(semver.major(semver.minVersion(dev.node24.slice('npm:node@'.length))!)).toBe(24);
  });
});
