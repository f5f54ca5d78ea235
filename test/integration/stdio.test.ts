import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const SERVER = join(__dirname, '../../build/test/fixtures/servers/stdio-server.js');
const CANARY = 'canary-stdio-token-5521x';
const STATE_DIR = mkdtempSync(join(tmpdir(), 'stdio-state-'));
const ENV = { ...process.env, LEAK_TOKEN: CANARY, SECURE_MCP_STATE_DIR: STATE_DIR } as Record<string, string>;

/** A spawned server spoken to in raw JSON-RPC lines, so that malformed requests can be sent too. */
class RawSession {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  private nextId = 1;
  private waiting = new Map<number, { resolve: (message: any) => void; reject: (e: Error) => void }>();
  private died: Error | undefined;

  constructor(args: string[] = [SERVER]) {
    this.child = spawn(process.execPath, args, { stdio: 'pipe', env: ENV });
    this.child.stdin.on('error', () => {}); // the server may exit first
    // A child that dies fails what is pending at once, with its stderr, instead of leaving it to jest's timeout.
    this.child.on('exit', (code, signal) => {
      this.died = new Error(
        `the server exited (${signal ?? `code ${code}`}) before answering\n${this.stderr.trim()}`,
      );
      for (const w of this.waiting.values()) w.reject(this.died);
      this.waiting.clear();
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      for (const line of chunk.split('\n')) {
        if (!line.trim()) continue;
        try {
          const message = JSON.parse(line);
          this.waiting.get(message.id)?.resolve(message);
          this.waiting.delete(message.id);
        } catch {
          // Kept in stdout; the test asserts every line parses.
        }
      }
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  request(method: string, params?: unknown): Promise<any> {
    const id = this.nextId++;
    return this.send({ jsonrpc: '2.0', id, method, params }, id);
  }

  send(message: object, id: number): Promise<any> {
    return this.sendLine(JSON.stringify(message), id);
  }

  /** Writes one line as is (for payloads JSON.stringify cannot make) and waits for the answer to `id`. */
  sendLine(line: string, id: number): Promise<any> {
    return new Promise((resolve, reject) => {
      if (this.died) return reject(this.died);
      this.waiting.set(id, { resolve, reject });
      this.child.stdin.write(line + '\n');
    });
  }

  notify(method: string, params?: unknown) {
    this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method, params }) + '\n');
  }

  exited(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.once('exit', (code) => resolve(code));
    });
  }
}

async function initialise(session: RawSession) {
  const init = await session.request('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw', version: '1' },
  });
  session.notify('notifications/initialized');
  return init;
}

describe('the raw stdio test session', () => {
  it('fails a pending request as soon as the child dies, with its stderr', async () => {
    const started = Date.now();
    const session = new RawSession([
      '-e',
      'setTimeout(() => { console.error("boom"); process.exit(3); }, 100)',
    ]);
    await expect(session.request('initialize', {})).rejects.toThrow(/exited \(code 3\)[\s\S]*boom/);
    await expect(session.request('ping')).rejects.toThrow(/exited/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('stdio server (spawned process)', () => {
  const sessions: RawSession[] = [];
  afterAll(() => sessions.forEach((s) => s.child.kill('SIGKILL')));

  it('answers every kind of bad call and keeps stdout pure JSON-RPC', async () => {
    const s = new RawSession();
    sessions.push(s);
    const init = await initialise(s);
    expect(init.result.serverInfo.name).toBe('stdio-fixture');

    const call = (args: unknown, name = 'echo') => {
      if (process.env.DEBUG_STDIO)
        console.error('call', name, typeof args === 'object' && args ? Object.keys(args) : args);
      return s.request('tools/call', { name, arguments: args });
    };
    const text = (r: any) => r.result?.content?.[0]?.text as string;

    expect(text(await call({ message: 'hello' }))).toBe('hello');
    expect((await call(null)).error).toEqual({
      code: -32602,
      message: 'tools/call arguments must be a JSON object, not null',
    });
    expect((await call([1, 2])).error.message).toBe(
      'tools/call arguments must be a JSON object, not an array',
    );
    expect((await call('a string')).error.message).toBe(
      'tools/call arguments must be a JSON object, not a string',
    );
    expect(text(await call(undefined))).toMatch(/message: is required/);
    expect(text(await call({ message: 7 }))).toMatch(/message: must be string/);
    expect(text(await call({ message: 'x', extra: 1 }))).toMatch(/extra: is not an allowed field/);
    expect(text(await call({ message: 'y'.repeat(10 * 1024 * 1024) }))).toMatch(/larger than the limit/);
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const deepCall = await s.sendLine(
      `{"jsonrpc":"2.0","id":999,"method":"tools/call","params":{"name":"echo","arguments":{"message":"x","d":${deep}}}}`,
      999,
    );
    expect(text(deepCall)).toMatch(/nested deeper than the limit/);
    const polluted = await s.sendLine(
      '{"jsonrpc":"2.0","id":1000,"method":"tools/call","params":{"name":"echo","arguments":{"message":"x","__proto__":{"polluted":true}}}}',
      1000,
    );
    expect(text(polluted)).toBe('arguments must not contain the key "__proto__" (prototype pollution)');
    expect((await call({}, 'no_such_tool')).error.message).toMatch(/Unknown tool: no_such_tool/);
    const exploded = await call({}, 'explode');
    expect(exploded.result.isError).toBe(true);
    expect(JSON.stringify(exploded)).not.toContain('canary-stdio');
    expect(text(await call({}, 'refuse'))).toBe('refused on purpose');
    expect(text(await call({}, 'chatty'))).toBe('done');
    expect(text(await call({}, 'slow'))).toBe('tool slow timed out after 300 ms');
    s.child.stdin.write('this is not json\n');
    expect(text(await call({ message: 'still alive' }))).toBe('still alive');

    s.child.stdin.end();
    expect(await s.exited()).toBe(0);
    const lines = s.stdout.split('\n').filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThan(15);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(s.stdout).not.toContain('must go to stderr');
    expect(s.stderr).toContain('this line must go to stderr, not stdout');
    expect(s.stderr).toContain('canary-stdio-4411'); // the details are in the server log, not in the result
  }, 30_000);

  it('aborts ctx.signal when the client sends notifications/cancelled', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [SERVER],
      stderr: 'pipe',
      env: ENV,
    });
    const client = new Client({ name: 'cancel-test', version: '1' });
    await client.connect(transport);
    let stderr = '';
    transport.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const controller = new AbortController();
    const pending = client.callTool({ name: 'slow', arguments: {} }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort('user pressed stop'), 50);
    await expect(pending).rejects.toThrow(/user pressed stop|abort/i);
    const r = await client.callTool({ name: 'echo', arguments: { message: 'after cancel' } });
    expect(r.content).toEqual([{ type: 'text', text: 'after cancel' }]);
    expect(stderr).toContain('slow tool saw its signal abort');
    expect(stderr).toContain('user pressed stop');
    await client.close();
  });

  it('discards a message larger than the stdio limit with an error and keeps the session', async () => {
    const s = new RawSession();
    sessions.push(s);
    await initialise(s);
    const big = await s.send(
      {
        jsonrpc: '2.0',
        method: 'tools/call',
        params: { name: 'echo', arguments: { message: 'z'.repeat(17 * 1024 * 1024) } },
        id: 77,
      },
      77,
    );
    expect(big.error).toEqual({ code: -32600, message: 'message larger than 16777216 bytes was discarded' });
    const after = await s.request('tools/call', { name: 'echo', arguments: { message: 'survived' } });
    expect(after.result.content[0].text).toBe('survived');
  });

  it('never lets a secret out: not on stdout, stderr, in the audit log or any result', async () => {
    const s = new RawSession();
    sessions.push(s);
    await initialise(s);
    const results = [];
    for (const message of ['plain', 'throw', 'crash']) {
      results.push(await s.request('tools/call', { name: 'leak', arguments: { message } }));
    }
    expect(results[0].result.structuredContent).toEqual({ token: '[REDACTED]', text: 'token [REDACTED]' });
    expect(results[1].result.content[0].text).toBe('rejected [REDACTED]');
    s.child.kill('SIGTERM');
    await s.exited();
    const auditFiles = readdirSync(join(STATE_DIR, 'audit'));
    const audit = auditFiles.map((f) => readFileSync(join(STATE_DIR, 'audit', f), 'utf8')).join('');
    expect(audit).toContain('"tool":"leak"');
    expect(s.stderr).toContain('token is [REDACTED]');
    for (const output of [s.stdout, s.stderr, audit]) expect(output).not.toContain(CANARY);
    const usage = JSON.parse(readFileSync(join(STATE_DIR, 'usage.json'), 'utf8'));
    expect(Object.keys(usage.servers)).toContain('stdio-fixture');
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('shuts down cleanly on %s', async (signal, code) => {
    const s = new RawSession();
    await initialise(s);
    s.child.kill(signal);
    expect(await s.exited()).toBe(code);
  });
});
