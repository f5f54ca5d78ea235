import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/net';

const ROOT = join(__dirname, '../..');
const SERVER = join(ROOT, 'build/examples/conformance/server.js');
const NODE22 = join(ROOT, 'node_modules/node/bin/node'); // the suite's CLI needs Node >= 22 (npm package node@22)
const SUITE = join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');

/**
 * Scenarios expected to fail. Empty: every scenario passes. A scenario that regresses must be fixed, or listed
 * here with the reason; the test also fails when a listed scenario starts passing, so the list cannot go stale.
 */
const EXPECTED_FAILURES = new Set<string>([]);

/** Scenarios allowed to end with warnings only. Empty: server-sse-polling passes with priming events, `retry` and resumption. */
const WARNINGS_ALLOWED = new Set<string>([]);

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

type Status = 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';

describe('the official MCP conformance suite against examples/conformance/server.ts (Streamable HTTP)', () => {
  let server: ChildProcess;
  let port: number;
  const state = mkdtempSync(join(tmpdir(), 'conformance-state-'));
  const out = mkdtempSync(join(tmpdir(), 'conformance-out-'));
  let results: Map<string, Status[]>;

  beforeAll(async () => {
    port = await freePort();
    server = spawn(process.execPath, [SERVER, '--port', String(port)], {
      env: { ...process.env, SECURE_MCP_STATE_DIR: state },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      server.stderr!.on('data', (c: Buffer) => {
        err += c.toString();
        if (err.includes('conformance server listening')) resolve();
      });
      server.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
    });
    const suite = await run(
      NODE22,
      [SUITE, 'server', '--url', `http://localhost:${port}/mcp`, '--suite', 'all', '-o', out],
      { ...process.env },
    );
    results = new Map();
    for (const dir of readdirSync(out)) {
      const scenario = dir.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T.*$/, '');
      const checks = JSON.parse(readFileSync(join(out, dir, 'checks.json'), 'utf8')) as Array<{
        status: Status;
      }>;
      results.set(
        scenario,
        checks.map((c) => c.status),
      );
    }
    if (results.size === 0) throw new Error(`the suite produced no results:\n${suite.output.slice(-2000)}`);
  }, 240_000);

  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('runs all 32 server scenarios', () => {
    expect(results.size).toBe(32);
  });

  it('passes every scenario except the expected failures, with the security decorators on', () => {
    const verdicts = [...results].map(([scenario, statuses]) => {
      const failed = statuses.includes('FAILURE');
      const warned = statuses.includes('WARNING');
      const passed = statuses.includes('SUCCESS') || (WARNINGS_ALLOWED.has(scenario) && !failed);
      return { scenario, ok: passed && !failed && (!warned || WARNINGS_ALLOWED.has(scenario)) };
    });
    const unexpected = verdicts
      .filter((v) => !v.ok && !EXPECTED_FAILURES.has(v.scenario))
      .map((v) => v.scenario);
    const nowPassing = verdicts
      .filter((v) => v.ok && EXPECTED_FAILURES.has(v.scenario))
      .map((v) => v.scenario);
    expect({ unexpected, nowPassing }).toEqual({ unexpected: [], nowPassing: [] });
    const passing = verdicts.filter((v) => v.ok).length;
    expect(passing).toBe(32 - EXPECTED_FAILURES.size);
  });

  it('audited the calls, reads and renders the suite made', () => {
    const log = readFileSync(join(state, 'audit', 'secure-mcp-conformance.jsonl'), 'utf8');
    const records = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toContainEqual(expect.objectContaining({ tool: 'test_simple_text', outcome: 'success' }));
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'resource', uri: 'test://template/123/data', outcome: 'success' }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'prompt', tool: 'test_prompt_with_arguments', outcome: 'success' }),
    );
  });
});
