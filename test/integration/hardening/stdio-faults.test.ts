import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { HARDEN_CANARY } from '../../fixtures/servers/hardening-tools';

const SERVER = join(__dirname, '../../../build/test/fixtures/servers/hardening-server.js');

/**
 * The built hardening fixture in a child process, driven by the SDK's real `Client`. The client reads the
 * child's stdout through a line transport (the SDK's stdio transport works in both directions), and the raw
 * stdout is kept as well, so a test can check that every byte there is JSON-RPC.
 */
class Spawned {
  readonly child: ChildProcessWithoutNullStreams;
  readonly client = new Client({ name: 'hardening-test', version: '1' });
  readonly auditFile = join(mkdtempSync(join(tmpdir(), 'harden-')), 'audit.jsonl');
  readonly clientErrors: Error[] = [];
  stdout = '';
  stderr = '';
  private readonly exit: Promise<number | null>;

  constructor(env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [SERVER], {
      stdio: 'pipe',
      env: { ...process.env, HARDEN_TOKEN: HARDEN_CANARY, HARDEN_AUDIT: this.auditFile, ...env },
    });
    this.child.stdin.on('error', () => {}); // the server may exit first
    this.child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exit = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.client.onerror = (error) => this.clientErrors.push(error);
  }

  async connect(): Promise<this> {
    await this.client.connect(new StdioServerTransport(this.child.stdout, this.child.stdin));
    return this;
  }

  call(name: string, args: Record<string, unknown> = {}) {
    return this.client.callTool({ name, arguments: args });
  }

  /** Resolves once the server's stderr holds `text` (a call has reached its tool, say). */
  async stderrShows(text: string): Promise<void> {
    for (let waited = 0; !this.stderr.includes(text); waited += 20) {
      if (waited > 10_000) throw new Error(`stderr never showed ${text}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  exited(): Promise<number | null> {
    return this.exit;
  }

  records(): Array<Record<string, unknown>> {
    return readFileSync(this.auditFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** stdout holds only JSON-RPC lines, and no output channel holds the secret. */
  expectClean(): void {
    const lines = this.stdout.split('\n').filter((l) => l.length > 0);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(this.clientErrors).toEqual([]);
    expect(this.stdout).not.toContain(HARDEN_CANARY);
    expect(this.stderr).not.toContain(HARDEN_CANARY);
    expect(readFileSync(this.auditFile, 'utf8')).not.toContain(HARDEN_CANARY);
  }
}

const text = (result: unknown) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? [])[0]?.text ?? '';

describe('a stdio server under faults (issue 11, spawned process)', () => {
  const spawned: Spawned[] = [];
  const start = async (env?: Record<string, string>) => {
    const s = new Spawned(env);
    spawned.push(s);
    return s.connect();
  };
  afterAll(() => spawned.forEach((s) => s.child.kill('SIGKILL')));

  it('sends console.dir/table/trace/group and process.stdout.write to stderr, scrubbed', async () => {
    const s = await start();
    expect(text(await s.call('noisy'))).toBe('noisy done');
    expect(text(await s.call('wait', { ms: 1 }))).toBe('waited 1 ms');
    s.child.stdin.end();
    expect(await s.exited()).toBe(0);
    s.expectClean();
    for (const expected of [
      "{ dir: '[REDACTED]' }",
      '│ table',
      '  grouped [REDACTED]',
      'Trace: trace [REDACTED]',
      '[REDACTED]: 1',
      'error [REDACTED]',
      'warn [REDACTED]',
      'stdout.write [REDACTED]',
      'stdout buffer [REDACTED]',
      'stderr.write [REDACTED]',
    ]) {
      expect(s.stderr).toContain(expected);
    }
  }, 20_000);

  it('keeps serving after a floating rejection and a throw in a timer, records both, prints them scrubbed', async () => {
    const s = await start();
    expect(text(await s.call('float_reject'))).toBe('left a rejection behind');
    expect(text(await s.call('timer_throw'))).toBe('left a throwing timer behind');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(text(await s.call('wait', { ms: 1 }))).toBe('waited 1 ms');
    expect(s.child.exitCode).toBeNull();
    s.child.stdin.end();
    expect(await s.exited()).toBe(0);
    s.expectClean();
    const failures = s
      .records()
      .filter((r) => /^(unhandled-rejection|uncaught-exception)$/.test(String(r.reason)));
    expect(failures).toEqual([
      expect.objectContaining({ tool: 'float_reject', outcome: 'error', reason: 'unhandled-rejection' }),
      expect.objectContaining({ tool: 'timer_throw', outcome: 'error', reason: 'uncaught-exception' }),
    ]);
    expect(s.stderr).toContain('floating rejection with [REDACTED]');
    expect(s.stderr).toContain('timer threw [REDACTED]');
  }, 20_000);

  it('records an uncaught exception outside any call, prints it scrubbed, lets the in-flight call finish, exits 1', async () => {
    const s = await start();
    const pending = s.call('wait', { ms: 600 });
    await s.stderrShows('wait started');
    s.child.kill('SIGUSR2');
    expect(text(await pending)).toBe('waited 600 ms');
    expect(await s.exited()).toBe(1);
    s.expectClean();
    expect(s.records().map((r) => [r.tool, r.outcome, r.reason ?? null])).toEqual([
      ['secure-mcp.process', 'error', 'uncaught-exception'],
      ['wait', 'success', null],
    ]);
    expect(s.stderr).toContain('server code failed holding [REDACTED]');
  }, 20_000);

  it('on SIGTERM mid-call lets the call finish, answers it, records it, then exits', async () => {
    const s = await start();
    const pending = s.call('wait', { ms: 600 });
    await s.stderrShows('wait started');
    s.child.kill('SIGTERM');
    expect(text(await pending)).toBe('waited 600 ms');
    expect(await s.exited()).toBe(143);
    s.expectClean();
    expect(s.records().filter((r) => r.tool === 'wait')).toEqual([
      expect.objectContaining({ outcome: 'success', args: { ms: 600 } }),
    ]);
  }, 20_000);

  it('on stdin close mid-call records a call that outlasts the grace period as interrupted', async () => {
    const s = await start({ HARDEN_GRACE_MS: '300' });
    const answer = s.call('wait', { ms: 30_000 }).catch((error: Error) => error);
    await s.stderrShows('wait started');
    const closedAt = Date.now();
    s.child.stdin.end();
    expect(await s.exited()).toBe(0);
    // Answered before stdout closed, not left hanging: an error the client can act on.
    expect(await answer).toMatchObject({
      isError: true,
      content: [
        { type: 'text', text: expect.stringMatching(/^tool wait was interrupted: the server shut down/) },
      ],
    });
    expect(Date.now() - closedAt).toBeLessThan(5_000);
    s.expectClean();
    expect(s.records().filter((r) => r.tool === 'wait')).toEqual([
      expect.objectContaining({ outcome: 'error', reason: 'interrupted', args: { ms: 30_000 } }),
    ]);
  }, 20_000);

  it('answers a request with an extra top-level member with an error carrying its id', async () => {
    const s = await start();
    const before = s.stdout.length;
    s.child.stdin.write('{"jsonrpc":"2.0","id":4242,"method":"tools/list","params":{},"extra":true}\n');
    s.child.stdin.write('{"jsonrpc":"2.0","id":"abc","method":"tools/list","extra":1}\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const replies = s.stdout
      .slice(before)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: unknown; error?: { code: number } });
    expect(replies).toEqual([
      expect.objectContaining({ id: 4242, error: expect.objectContaining({ code: -32600 }) }),
      expect.objectContaining({ id: 'abc', error: expect.objectContaining({ code: -32600 }) }),
    ]);
    expect(text(await s.call('wait', { ms: 1 }))).toBe('waited 1 ms');
    s.child.stdin.end();
    expect(await s.exited()).toBe(0);
  }, 20_000);
});
