import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsInt, Max, Min } from 'class-validator';
import { Audit, createServer, Tool, type ToolContext } from '../../src';
import { captureLogger, connectClient, INIT, rawPost, rawSocket } from '../integration/http/helpers';
import { auditVerify, readRecords } from './spawned';

class CountInput {
  @IsInt() n!: number;
}
@Tool({ name: 'count', description: 'Audited echo', input: CountInput })
@Audit()
class CountTool {
  execute(input: CountInput) {
    return String(input.n);
  }
}
class WaitInput {
  @IsInt() @Min(0) @Max(10_000) ms!: number;
}
let waitsStarted = 0;
@Tool({ name: 'wait', description: 'Waits, ignoring cancellation', input: WaitInput })
@Audit()
class WaitTool {
  async execute(input: WaitInput, _ctx: ToolContext) {
    waitsStarted++;
    await new Promise((resolve) => setTimeout(resolve, input.ms));
    return `waited ${input.ms}`;
  }
}

const text = (result: unknown) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? [])[0]?.text ?? '';
const until = async (check: () => boolean, what: string) => {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

async function start() {
  const auditFile = join(mkdtempSync(join(tmpdir(), 'reliability-http-')), 'audit.jsonl');
  const server = await createServer({
    name: 'reliability-http',
    version: '1.0.0',
    tools: [CountTool, WaitTool],
    logger: captureLogger(),
    usage: false,
    policy: false,
    secrets: { envFile: false, keychain: false },
    audit: { file: auditFile },
  });
  // Small timeouts, so slow clients are cut off within the test's bounds.
  const listener = await server.listenHttp({
    port: 0,
    auth: false,
    headersTimeoutMs: 1000,
    requestTimeoutMs: 2000,
  });
  return { server, listener, auditFile, port: Number(new URL(listener.url).port) };
}

describe('faults over HTTP (reliability)', () => {
  it('refuses bad bodies, content types, truncated chunked bodies and slow headers, and keeps serving', async () => {
    const s = await start();
    const { client } = await connectClient(s.listener.url);
    try {
      expect(text(await client.callTool({ name: 'count', arguments: { n: 1 } }))).toBe('1');

      const bad = await Promise.all([
        rawPost(s.listener.url, {}, '{not json'),
        rawPost(s.listener.url, {}, Buffer.from([0xff, 0xfe, 0, 1, 2, 0x7b])),
        rawPost(s.listener.url, {}, JSON.stringify({ jsonrpc: '2.0', id: 5, method: 7 })),
        rawPost(s.listener.url, {}, JSON.stringify([])),
        rawPost(s.listener.url, { 'Content-Type': 'text/plain' }, JSON.stringify(INIT)),
        rawPost(s.listener.url, { 'Content-Type': 'application/x-www-form-urlencoded' }, 'a=1'),
      ]);
      for (const r of bad) expect(r.status).toBeGreaterThanOrEqual(400);
      for (const r of bad) expect(r.status).toBeLessThan(500);
      expect(bad[4].status).toBe(415);

      // A chunked body cut off mid-chunk, and requests whose headers never finish (slowloris).
      const truncated = rawSocket(
        s.port,
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Type: application/json\r\n` +
          `Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n{"jsonrpc":"2.0",`,
        8000,
      );
      const slow = Array.from({ length: 20 }, () =>
        rawSocket(s.port, `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nX-Slow: `, 8000),
      );
      const cutOff = await Promise.all([truncated, ...slow]);
      // The server closes every one of them itself, within its configured timeouts (not ours).
      for (const r of cutOff) expect(r.closedAfterMs).toBeDefined();

      // Still serving: the session from before, and a new one.
      expect(text(await client.callTool({ name: 'count', arguments: { n: 2 } }))).toBe('2');
      const second = await connectClient(s.listener.url);
      expect(text(await second.client.callTool({ name: 'count', arguments: { n: 3 } }))).toBe('3');
      await second.client.close();
    } finally {
      await client.close();
      await s.server.close();
    }
    expect(readRecords(s.auditFile).map((r) => (r.args as { n: number }).n)).toEqual([1, 2, 3]);
    expect(auditVerify(s.auditFile).status).toBe(0);
  });

  it('a client that aborts its request or DELETEs its session mid-call: the call is recorded, others are served', async () => {
    const s = await start();
    const other = await connectClient(s.listener.url);
    try {
      // 1. The HTTP request aborted mid-call (the client's connection goes away).
      const aborting = await connectClient(s.listener.url);
      const controller = new AbortController();
      const aborted = aborting.client
        .callTool({ name: 'wait', arguments: { ms: 300 } }, undefined, { signal: controller.signal })
        .then(
          () => 'answered',
          () => 'aborted',
        );
      await until(() => waitsStarted === 1, 'the first wait to start');
      controller.abort();
      expect(await aborted).toBe('aborted');
      expect(text(await other.client.callTool({ name: 'count', arguments: { n: 1 } }))).toBe('1');

      // 2. The session deleted mid-call.
      const deleting = await connectClient(s.listener.url);
      const pending = deleting.client.callTool({ name: 'wait', arguments: { ms: 300 } }).then(
        () => 'answered',
        () => 'failed',
      );
      await until(() => waitsStarted === 2, 'the second wait to start');
      await deleting.transport.terminateSession();
      await deleting.client.close();
      await pending;
      expect(text(await other.client.callTool({ name: 'count', arguments: { n: 2 } }))).toBe('2');

      await until(
        () => readRecords(s.auditFile).filter((r) => r.tool === 'wait').length === 2,
        'both waits recorded',
      );
      await aborting.client.close();
    } finally {
      await other.client.close();
      await s.server.close();
    }
    const records = readRecords(s.auditFile);
    expect(records.filter((r) => r.tool === 'wait')).toHaveLength(2);
    expect(records.filter((r) => r.tool === 'count')).toHaveLength(2);
    expect(auditVerify(s.auditFile).status).toBe(0);
  });
});
