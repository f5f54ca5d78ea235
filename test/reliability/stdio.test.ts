import { randomBytes } from 'node:crypto';
import { auditVerify, Spawned } from './spawned';

/**
 * Faults over stdio against the built server in a child process (test/fixtures/servers/reliability-server.ts).
 * Assertions are on outcomes and counts, never on timings: the machine may be loaded.
 */

const text = (result: unknown) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? [])[0]?.text ?? '';

const INIT = {
  jsonrpc: '2.0',
  id: 'init',
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
const line = (message: unknown) => `${JSON.stringify(message)}\n`;
const countCall = (id: number, n: unknown) =>
  line({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'count', arguments: { n } } });

let spawned: Spawned[] = [];
const start = (env: Record<string, string> = {}) => {
  const s = new Spawned(env);
  spawned.push(s);
  return s;
};
afterEach(async () => {
  for (const s of spawned) {
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await s.client.close();
  }
  spawned = [];
});

describe('malformed traffic over stdio (reliability)', () => {
  it('answers or drops invalid JSON, wrong types, huge lines, binary, split lines and a flood, and keeps serving', async () => {
    const s = start({ REL_LOG_LEVEL: 'warn' });
    await s.raw(line(INIT));
    await s.raw(line({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    await s.raw(countCall(1, 1));

    await s.raw('{not json at all\n');
    await s.raw('[1, 2, \n');
    await s.raw(line({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 5 } }));
    await s.raw(line({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: 'nope' }));
    await s.raw(line({ jsonrpc: 1, id: 4, method: ['tools/call'] }));
    await s.raw(countCall(5, 'not a number')); // reaches the tool's validation: denied and recorded
    await s.raw(Buffer.concat([randomBytes(4096), Buffer.from([0, 0xff, 0xfe, 0x0a])])); // binary
    await s.raw(`{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"count"`); // split line...
    await new Promise((resolve) => setTimeout(resolve, 50));
    await s.raw(`,"arguments":{"n":6}}}\n`); // ...completed later
    await s.raw(`${'x'.repeat(12 * 1024 * 1024)}\n`); // above the default 4 MiB message limit
    for (let i = 0; i < 2000; i++)
      await s.raw(i % 2 ? '}{\n' : line({ jsonrpc: '2.0', id: `bad-${i}`, method: 7 }));
    await s.raw(countCall(7, 7));

    await s.until(() => s.rawResponses().some((r) => r.id === 7), 'the call after the flood');
    const responses = s.rawResponses();
    const byId = new Map(responses.map((r) => [r.id, r]));
    expect(text(byId.get(1)?.result)).toBe('1');
    expect(text(byId.get(6)?.result)).toBe('6');
    expect(text(byId.get(7)?.result)).toBe('7');
    expect(byId.get(5)?.result).toMatchObject({ isError: true });
    for (const id of [2, 3]) expect(byId.get(id)).toHaveProperty('error');
    // Every byte on stdout is JSON-RPC; the server is still alive.
    for (const r of responses) expect(r.jsonrpc).toBe('2.0');
    expect(s.child.exitCode).toBeNull();

    // Every acknowledged tools/call has its record, and the chain verifies.
    await s.stop();
    const records = s.records();
    const recorded = (id: number) => records.filter((r) => r.requestId === String(id));
    for (const id of [1, 5, 6, 7]) expect(recorded(id)).toHaveLength(1);
    expect(recorded(5)[0]).toMatchObject({ outcome: 'denied' });
    expect(auditVerify(s.auditFile).status).toBe(0);
  });
});

describe('load over stdio with audit on (reliability)', () => {
  it('5,000 calls sequential and 64 in flight: every call answered, 0 lost records, audit verify passes', async () => {
    const s = await start({ REL_LOG_LEVEL: 'warn' }).connect();
    const SEQUENTIAL = 1000;
    const CONCURRENT = 4000;
    const IN_FLIGHT = 64;
    for (let i = 0; i < 200; i++) await s.call('count', { n: i }); // warm-up
    const rssBefore = s.rss();

    for (let i = 0; i < SEQUENTIAL; i++) expect(text(await s.call('count', { n: i }))).toBe(String(i));
    let next = 0;
    let answered = 0;
    const worker = async () => {
      while (next < CONCURRENT) {
        const n = next++;
        if (text(await s.call('count', { n })) === String(n)) answered++;
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect(answered).toBe(CONCURRENT);
    const rssAfter = s.rss();
    await s.stop();

    const records = s.records();
    expect(records.filter((r) => r.tool === 'count' && r.outcome === 'success')).toHaveLength(
      200 + SEQUENTIAL + CONCURRENT,
    );
    expect(auditVerify(s.auditFile).status).toBe(0);
    process.stderr.write(
      `reliability load: ${SEQUENTIAL + CONCURRENT} calls, 0 lost records, RSS ${(rssBefore / 2 ** 20).toFixed(1)} → ${(rssAfter / 2 ** 20).toFixed(1)} MiB\n`,
    );
    // A leak of even 1 KiB per call would show as ~5 MiB here; allow for GC timing on a loaded box.
    expect(rssAfter - rssBefore).toBeLessThan(64 * 2 ** 20);
  });
});

describe('SIGTERM and disconnects over stdio (reliability)', () => {
  it('SIGTERM under load: every call is answered or recorded as interrupted, the audit is flushed and verifies', async () => {
    const s = await start({ REL_GRACE_MS: '1500' }).connect();
    const outcomes: string[] = [];
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < 64; i++)
      calls.push(
        s.call('count', { n: i }).then(
          (r) => outcomes.push(text(r)),
          () => outcomes.push('failed'),
        ),
      );
    const long = s.call('wait', { ms: 30_000 }).then(
      () => 'answered',
      () => 'failed',
    );
    const short = s.call('wait', { ms: 300 }).then(
      (r) => text(r),
      () => 'failed',
    );
    await s.until(() => (s.stderr.match(/wait started/g) ?? []).length === 2, 'both waits to start');
    s.child.kill('SIGTERM');
    // Calls that arrive during the grace period are refused with a reason, and recorded as denied.
    let refused = '';
    for (let n = 64; n < 5000 && !refused; n++) {
      const answer = text(await s.call('count', { n }));
      if (/^\d+$/.test(answer)) outcomes.push(answer);
      else refused = answer;
    }
    expect(refused).toBe('the server is shutting down; count was not run');
    await s.exited();
    // The SDK's stdio transport does not notice the pipe closing: closing the client settles what is pending.
    await s.client.close();
    await Promise.allSettled(calls);
    expect(await short).toBe('waited 300 ms'); // in grace: finished and answered
    await long;

    const records = s.records();
    const waits = records.filter((r) => r.tool === 'wait');
    expect(waits.map((r) => (r.outcome === 'success' ? 'success' : r.reason)).sort()).toEqual([
      'interrupted',
      'success',
    ]);
    // Every count call the client saw answered has its record; none acknowledged without one.
    const answeredCounts = outcomes.filter((o) => /^\d+$/.test(o)).length;
    expect(records.filter((r) => r.tool === 'count' && r.outcome === 'success').length).toBe(answeredCounts);
    expect(records.filter((r) => r.tool === 'count' && r.outcome === 'denied')).toEqual([
      expect.objectContaining({ reason: 'shutting-down' }),
    ]);
    expect(auditVerify(s.auditFile).status).toBe(0);
  });

  it('stdin closed mid-call: the call is recorded (interrupted) and the log verifies', async () => {
    const s = await start({ REL_GRACE_MS: '300' }).connect();
    void s.call('wait', { ms: 30_000 }).catch(() => undefined);
    await s.until(() => s.stderr.includes('wait started'), 'the wait to start');
    s.child.stdin.end();
    await s.exited();
    expect(s.records().filter((r) => r.tool === 'wait')).toEqual([
      expect.objectContaining({ outcome: 'error', reason: 'interrupted' }),
    ]);
    expect(auditVerify(s.auditFile).status).toBe(0);
  });

  it('a client that cancels mid-call: the call is recorded, the server keeps serving others', async () => {
    const s = await start().connect();
    const controller = new AbortController();
    const cancelled = s.client
      .callTool({ name: 'wait', arguments: { ms: 500 } }, undefined, { signal: controller.signal })
      .then(
        () => 'answered',
        (e: Error) => e.message,
      );
    await s.until(() => s.stderr.includes('wait started'), 'the wait to start');
    controller.abort('user went away');
    expect(await cancelled).toMatch(/user went away|abort/i);
    expect(text(await s.call('count', { n: 42 }))).toBe('42');
    await s.until(() => s.records().some((r) => r.tool === 'wait'), 'the cancelled call to be recorded');
    await s.stop();
    expect(
      s
        .records()
        .map((r) => r.tool)
        .sort(),
    ).toEqual(['count', 'wait']);
    expect(auditVerify(s.auditFile).status).toBe(0);
  });
});

describe('a client that stops reading stdout (reliability)', () => {
  it('EPIPE on stdout shuts the server down cleanly: exit 0, calls recorded, no uncaught exception', async () => {
    const s = start();
    await s.raw(line(INIT));
    await s.until(() => s.stdout.includes('"id":"init"'), 'the initialize response');
    s.child.stdout.destroy(); // the client closes its read end: the server's next write gets EPIPE
    for (let id = 1; id <= 20; id++) await s.raw(countCall(id, id));
    expect(await s.exited()).toBe(0);
    expect(s.stderr).toMatch(/the client stopped reading stdout; shutting down/);
    expect(s.stderr).not.toMatch(/uncaught/);
    const records = s.records();
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(r).toMatchObject({ tool: 'count', outcome: 'success' });
    expect(auditVerify(s.auditFile).status).toBe(0);
  });
});

describe('a signal sent twice (reliability)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s twice (a supervisor and npm both forwarding it) still drains: the running call is recorded, the log verifies',
    async (signal) => {
      const s = await start({ REL_GRACE_MS: '3000' }).connect();
      void s.call('wait', { ms: 30_000 }).catch(() => undefined);
      await s.until(() => s.stderr.includes('wait started'), 'the wait to start');
      s.child.kill(signal);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the first one is being handled: in grace
      s.child.kill(signal);
      await s.exited();
      expect(s.child.signalCode).toBeNull(); // exited by itself, not killed by the second signal
      expect(s.records()).toEqual([expect.objectContaining({ tool: 'wait', reason: 'interrupted' })]);
      expect(auditVerify(s.auditFile).status).toBe(0);
    },
  );
});
