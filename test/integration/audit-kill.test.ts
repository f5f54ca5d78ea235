import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditLog } from '../../src/audit';

const SERVER = join(__dirname, '../../build/test/fixtures/servers/audited-server.js');
const TARGET = 10_000;
const IN_FLIGHT = 64;

/**
 * A real server under load, SIGKILLed while calls are in flight: every call whose result reached the client
 * must have its audit record (the record is written before the result is sent), and the chain must verify.
 */
it.each(['SIGKILL', 'SIGTERM'] as const)(
  'no acknowledged call lacks its audit record when the server gets %s mid-load',
  async (signal) => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-kill-'));
    const auditFile = join(dir, 'audit.jsonl');
    const child = spawn(process.execPath, [SERVER], {
      env: { ...process.env, AUDIT_FILE: auditFile, SECURE_MCP_STATE_DIR: dir },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    child.stdin.on('error', () => {});
    const acknowledged: number[] = [];
    let next = 2;
    let buffer = '';
    const send = (message: object) => child.stdin.write(JSON.stringify(message) + '\n');
    const fire = () =>
      send({
        jsonrpc: '2.0',
        id: next,
        method: 'tools/call',
        params: { name: 'count', arguments: { n: next++ } },
      });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const message = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (message.id === 1) {
          send({ jsonrpc: '2.0', method: 'notifications/initialized' });
          for (let i = 0; i < IN_FLIGHT; i++) fire();
        } else if (message.result && !message.result.isError) {
          acknowledged.push(message.id);
          if (acknowledged.length === TARGET) child.kill(signal);
          else if (acknowledged.length < TARGET) fire();
        }
      }
    });
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'load', version: '1' } },
    });
    await exited;
    const recorded = new Set(
      readFileSync(auditFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => Number(JSON.parse(line).requestId)),
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(TARGET);
    expect(acknowledged.filter((id) => !recorded.has(id))).toEqual([]);
    expect(recorded.size).toBeGreaterThanOrEqual(acknowledged.length);
    expect(await verifyAuditLog(auditFile)).toMatchObject({ ok: true });
  },
  120_000,
);
