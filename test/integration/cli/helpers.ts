import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { processDeps, type CliDeps } from '../../../src/cli/deps';
import { runCli as runCliInProcess } from '../../../src/cli/program';
import { FAKE } from './fake-secrets';

export { git } from '../../support/git';

export const ROOT = resolve(__dirname, '..', '..', '..');
// The CLI under test is the package's own build (dist/), made by jest's global setup when stale.
export const DIST = join(ROOT, 'dist');
export const CLI = join(DIST, 'cli', 'main.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'cli');

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

/**
 * A project whose built entry (`main` of its package.json, or the given field) is plain JS: `body` declares
 * classes with the real decorators of dist/ (`Tool`, `ReadOnly`, `RateLimit`, `Audit`, `IamPolicy`,
 * `Secret`, `Resource`, `Prompt`, and `decorate(Class, ...decorators)`).
 */
export function builtProject(
  body: string,
  pkg: Record<string, unknown> = { main: 'dist/server.js' },
  dir = tempDir(),
): string {
  put(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', private: true, ...pkg }));
  put(
    join(dir, 'dist', 'server.js'),
    `'use strict';
const { Tool, ReadOnly, RateLimit, Audit, IamPolicy, Secret, Resource, Prompt } = require(${JSON.stringify(DIST)});
function decorate(target, ...decorators) {
  for (const d of decorators.reverse()) d(target);
  return target;
}
class Input {}
${body}
`,
  );
  return dir;
}

/** Kept for tests written before jest's global setup built dist/: nothing left to do. */
export function ensureBuilt(): void {}

/**
 * Runs `secure-mcp audit <args>` in this process, with a private home and state dir: `out` and `err` as the
 * CLI wrote them, `all` both in the order written (for checks that nothing leaks on either stream).
 */
export async function auditInProcess(
  args: string[],
): Promise<{ code: number; out: string; err: string; all: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const all: string[] = [];
  const deps: CliDeps = {
    ...processDeps(),
    env: { PATH: process.env.PATH, SECURE_MCP_STATE_DIR: join(tempDir(), 'state') },
    home: tempDir(),
    out: (l) => void (out.push(l), all.push(l)),
    err: (l) => void (err.push(l), all.push(l)),
  };
  const code = await runCliInProcess(['audit', ...args], deps);
  return { code, out: out.join('\n'), err: err.join('\n'), all: all.join('\n') };
}
