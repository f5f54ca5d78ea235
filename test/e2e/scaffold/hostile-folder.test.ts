/**
 * create-secure-mcp --force into a folder prepared by someone else (issue 18 item 9): planted links must never
 * send a write outside the folder, and a planted `.git` must never run its commands. Real child processes.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childEnv, CLI, read, run } from './helpers';

let work: string;
let env: NodeJS.ProcessEnv;
let app: string;
let outside: string;

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'create-secure-mcp-hostile-'));
  mkdirSync(path.join(work, 'home'));
  env = childEnv(path.join(work, 'home'));
  app = path.join(work, 'app');
  outside = path.join(work, 'outside');
  mkdirSync(app);
  mkdirSync(outside);
  writeFileSync(path.join(app, 'notes.txt'), 'keep me\n');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const create = (args: string[]) => run('node', [CLI, ...args], work, env);
const quick = ['--yes', '--no-install', '--no-git', '--framework', '0.1.0'];

describe('planted links', () => {
  it('refuses a file link to an existing file outside the folder and leaves that file alone', () => {
    const victim = path.join(outside, 'victim.json');
    writeFileSync(victim, '{"precious": true}\n');
    symlinkSync(victim, path.join(app, 'package.json'));
    const r = create(['app', ...quick, '--force']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/symbolic links where the project's files go: package\.json\./);
    expect(r.stderr).toMatch(/Nothing was written/);
    expect(readFileSync(victim, 'utf8')).toBe('{"precious": true}\n');
    expect(readdirSync(app).sort()).toEqual(['notes.txt', 'package.json']); // nothing else written
  });

  it('refuses a dangling link: no file is created where it points', () => {
    const target = path.join(outside, 'created-by-link.md');
    symlinkSync(target, path.join(app, 'README.md'));
    const r = create(['app', ...quick, '--force']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/README\.md/);
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a linked src/ folder: the tree is never written elsewhere', () => {
    const elsewhere = path.join(outside, 'src');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, path.join(app, 'src'));
    const r = create(['app', ...quick, '--force']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/links where the project's files go: src\b/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('writes normally beside a link that is not on the way to any file', () => {
    symlinkSync(outside, path.join(app, 'unrelated-link'));
    const r = create(['app', ...quick, '--force']);
    expect(r.status).toBe(0);
    expect(readdirSync(outside)).toEqual([]);
    expect(JSON.parse(read(app, 'package.json')).name).toBe('app');
  });
});

it('does not run git in a folder that arrives with its own (broken) .git', () => {
  const marker = path.join(outside, 'fsmonitor-ran');
  const hook = path.join(outside, 'fsmonitor.sh');
  writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
  chmodSync(hook, 0o755);
  // No HEAD: `git rev-parse` fails, so the old code re-initialised it and `git add` ran the planted monitor.
  mkdirSync(path.join(app, '.git'));
  writeFileSync(path.join(app, '.git', 'config'), `[core]\n\tfsmonitor = ${hook}\n`);
  const r = create(['app', '--yes', '--no-install', '--framework', '0.1.0', '--force']);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/\.git already exists: git init skipped/);
  expect(existsSync(marker)).toBe(false);
  expect(existsSync(path.join(app, 'src'))).toBe(true);
});

it('puts --framework into package.json as one JSON string, whatever it holds', () => {
  const spec = '1.0.0", "scripts": {"postinstall": "touch pwned"}, "x": "';
  const r = create(['app', '--yes', '--no-install', '--no-git', '--framework', spec, '--force']);
  expect(r.status).toBe(0);
  const pkg = JSON.parse(read(app, 'package.json')) as {
    dependencies: Record<string, string>;
    scripts: Record<string, string>;
  };
  expect(pkg.dependencies['secure-mcp']).toBe(spec);
  expect(pkg.scripts.postinstall).toBeUndefined();
});

it('quotes the folder in the printed `cd` so a name with $(...) stays text', () => {
  const name = 'my app $(touch pwned)';
  const r = create([name, '--name', 'my-app', ...quick]);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`cd 'my app $(touch pwned)'`);
  expect(r.stdout).not.toContain(`cd "my app $(touch pwned)"`);
});
