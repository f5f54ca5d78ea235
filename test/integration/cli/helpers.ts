import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { FAKE } from './fake-secrets';

export const ROOT = resolve(__dirname, '..', '..', '..');
// The CLI under test is built into node_modules/.cache (ignored by git, eslint and prettier), apart from dist/.
export const DIST = join(ROOT, 'node_modules', '.cache', 'secure-mcp-cli-tests', 'dist');
export const CLI = join(DIST, 'cli', 'main.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'cli');

/**
 * Builds the CLI and the decorators the fixtures use into dist/ (incremental, so cheap when nothing changed).
 * A lock folder keeps parallel jest workers from compiling at the same time.
 */
export function ensureBuilt(): void {
  mkdirSync(DIST, { recursive: true });
  const lock = join(DIST, '.cli-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 120_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the CLI build lock');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', join(__dirname, 'build-cli.tsconfig.json')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } finally {
    rmdirSync(lock);
  }
}

/** Replaces `{{NAME}}` with the fake secret of that name. */
export function fillTemplate(text: string): string {
  return text.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: keyof typeof FAKE) => FAKE[name] ?? `{{${name}}}`);
}

function fillTree(dir: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) fillTree(p);
    else writeFileSync(p, fillTemplate(readFileSync(p, 'utf8')));
  }
}

const tmpDirs: string[] = [];

/** A fresh temp folder, removed by {@link cleanup}. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'secure-mcp-cli-'));
  tmpDirs.push(d);
  return d;
}

export function cleanup(): void {
  for (const d of tmpDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Copies a fixture (file or folder under test/fixtures/cli) to `dest` (default: a temp dir) with placeholders filled. */
export function materialize(fixture: string, dest = join(tempDir(), fixture.split('/').pop()!)): string {
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(join(FIXTURES, fixture), dest, { recursive: true });
  if (statSync(dest).isDirectory()) fillTree(dest);
  else writeFileSync(dest, fillTemplate(readFileSync(dest, 'utf8')));
  return dest;
}

/** Writes a file (creating folders). */
export function put(file: string, content: string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a child process. A fresh empty state dir and home are used unless given. */
export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {},
): RunResult {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    SECURE_MCP_STATE_DIR: join(tempDir(), 'state'),
    HOME: tempDir(),
    SECURE_MCP_TEST_DIST: DIST,
    ...opts.env,
  };
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env,
    input: opts.input ?? '',
    cwd: opts.cwd ?? tempDir(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An empty project folder (so project findings do not mix into client-config tests). */
export function emptyProject(): string {
  const d = join(tempDir(), 'project');
  mkdirSync(d, { recursive: true });
  return d;
}

export function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

export interface JsonFinding {
  id: string;
  severity: string;
  title: string;
  file?: string;
  line?: number;
  fix: string;
}

export function findings(r: RunResult): JsonFinding[] {
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}
