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
  for (const s of spawned) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
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
    for (let i = 0; i < 2000; i++) await s.raw(i % 2 ? '}{\n' : line({ jsonrpc: '2.0', id: `bad-${i}`, method: 7 }));
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
