import { readFileSync } from 'node:fs';
import { Resource } from '../../../src';
import { createTestClient } from '../../../src/testing';
import { HARDEN_CANARY, HARDEN_SECRET_NAME, WaitTool } from '../../fixtures/servers/hardening-tools';

const records = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('close() with calls in flight (issue 11, in memory)', () => {
  it('lets the running call finish and answer, refuses a new one with an audited denial, then closes', async () => {
    const t = await createTestClient({
      tools: [WaitTool],
      secrets: { values: { [HARDEN_SECRET_NAME]: HARDEN_CANARY } },
    });
    const running = t.callTool('wait', { ms: 400 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = t.server.close();
    const refused = await t.callTool('wait', { ms: 1 });
    expect(refused.isError).toBe(true);
    expect(t.text(refused)).toBe('the server is shutting down; wait was not run');
    expect(t.text(await running)).toBe('waited 400 ms');
    await closed;
    await t.client.close();
    expect(records(t.auditFile).map((r) => [r.outcome, r.reason ?? null, r.args])).toEqual([
      ['denied', 'shutting-down', { ms: 1 }],
      ['success', null, { ms: 400 }],
    ]);
  });

  it('records a call that outlasts shutdownGraceMs as interrupted, once', async () => {
    const t = await createTestClient({ tools: [WaitTool], shutdownGraceMs: 100 });
    const running = t.callTool('wait', { ms: 600 }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await t.server.close();
    expect(Date.now() - started).toBeLessThan(500);
    await running;
    await new Promise((resolve) => setTimeout(resolve, 700)); // the tool ends later: no second record
    await t.client.close();
    expect(records(t.auditFile).map((r) => [r.tool, r.outcome, r.reason])).toEqual([
      ['wait', 'error', 'interrupted'],
    ]);
  });

  it('answers a call given up at shutdown with an error the client can act on, scrubbed, before closing', async () => {
    const t = await createTestClient({
      tools: [WaitTool],
      resources: [SlowRead],
      shutdownGraceMs: 100,
      secrets: { values: { [HARDEN_SECRET_NAME]: HARDEN_CANARY } },
    });
    const running = t.callTool('wait', { ms: 1_500 });
    const reading = t.client.readResource({ uri: 'slow://read' }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await t.server.close();
    const answer = await running;
    expect(answer.isError).toBe(true);
    expect(t.text(answer)).toMatch(/^tool wait was interrupted: the server shut down before it finished/);
    expect(answer._meta).toMatchObject({ reason: 'interrupted' });
    expect(await reading).toMatchObject({
      code: -32603,
      message: expect.stringContaining('resource slow-read was interrupted'),
    });
    expect(JSON.stringify(answer)).not.toContain(HARDEN_CANARY);
    await t.client.close();
    expect(records(t.auditFile).map((r) => [r.tool, r.outcome, r.reason])).toEqual([
      ['wait', 'error', 'interrupted'],
    ]);
  });
});

@Resource({ uri: 'slow://read', name: 'slow-read', timeoutMs: 60_000 })
class SlowRead {
  read() {
    return new Promise((resolve) => setTimeout(() => resolve('late'), 1_500).unref());
  }
}
