import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

export const SERVER = join(__dirname, '../../build/test/fixtures/servers/reliability-server.js');
const CLI = join(__dirname, '../../dist/cli/main.js');

/**
 * The built reliability fixture in a child process. `client` is the SDK's real Client over the child's pipes
 * (the SDK's stdio transport works in both directions); `raw()` writes bytes straight to its stdin, and
 * `rawResponses()` parses every line it wrote to stdout.
 */
export class Spawned {
  readonly child: ChildProcessWithoutNullStreams;
  readonly client = new Client({ name: 'reliability-test', version: '1' });
  readonly auditFile: string;
  stdout = '';
  stderr = '';
  private readonly exit: Promise<number | null>;

  constructor(env: Record<string, string> = {}, auditFile?: string) {
    this.auditFile = auditFile ?? join(mkdtempSync(join(tmpdir(), 'reliability-')), 'audit.jsonl');
    this.child = spawn(process.execPath, [SERVER], {
      stdio: 'pipe',
      env: { ...process.env, REL_AUDIT: this.auditFile, ...env },
    });
    this.child.stdin.on('error', () => {}); // the server may exit first
    this.child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exit = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  async connect(): Promise<this> {
    await this.client.connect(new StdioServerTransport(this.child.stdout, this.child.stdin));
    return this;
  }

  call(name: string, args: Record<string, unknown> = {}) {
    return this.client.callTool({ name, arguments: args });
  }

  raw(bytes: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.child.stdin.write(bytes, (error) => (error ? reject(error) : resolve())),
    );
  }

  rawResponses(): Array<Record<string, unknown>> {
    return this.stdout
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Waits for a predicate over stdout/stderr, polling; generous bound for a loaded machine. */
  async until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
    for (let waited = 0; !check(); waited += 20) {
      if (waited > ms) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  exited(): Promise<number | null> {
    return this.exit;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin.end();
      await this.exit;
    }
  }

  rss(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  }

  records(): Array<Record<string, unknown>> {
    return readRecords(this.auditFile);
  }
}

export function readRecords(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** `secure-mcp audit verify FILE` as a real child process: its exit status and output. */
export function auditVerify(file: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [CLI, 'audit', 'verify', file], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}
