import { readFileSync } from 'node:fs';
import { Audit, Tool } from '../../../src';
import { connectClient, startHttp, type Started } from '../http/helpers';

class NoInput {}

/**
 * Stands for a rejected promise nobody handles, left by this call. Jest claims real unhandled rejections of
 * test code for itself, so the event Node would emit is emitted here (from work the call left running).
 */
@Tool({ name: 'float', description: 'Leaves a floating rejection', input: NoInput })
@Audit()
class FloatTool {
  execute() {
    setImmediate(() => process.emit('unhandledRejection', new Error('floating failure'), Promise.resolve()));
    return 'done';
  }
}

const records = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('many servers in one process (issue 11)', () => {
  it('15 listening servers share one pair of process handlers: no listener warning, failures go to the right server', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const before = {
      rejection: process.listenerCount('unhandledRejection'),
      exception: process.listenerCount('uncaughtException'),
    };
    const servers: Started[] = [];
    try {
      for (let i = 0; i < 15; i++) servers.push(await startHttp([FloatTool], { auth: false }));
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
      expect(process.listenerCount('unhandledRejection')).toBe(before.rejection + 1);
      expect(process.listenerCount('uncaughtException')).toBe(before.exception + 1);

      const { client } = await connectClient(servers[7].listener.url);
      await client.callTool({ name: 'float', arguments: {} });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await client.close();
      const failures = servers.map(
        (s) => records(s.server.auditFile).filter((r) => r.reason === 'unhandled-rejection').length,
      );
      expect(failures).toEqual(servers.map((_, i) => (i === 7 ? 1 : 0)));
      expect(records(servers[7].server.auditFile)).toContainEqual(
        expect.objectContaining({ tool: 'float', outcome: 'error', reason: 'unhandled-rejection' }),
      );
    } finally {
      for (const s of servers) await s.server.close();
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => /MaxListeners/.test(w))).toEqual([]);
    expect(process.listenerCount('unhandledRejection')).toBe(before.rejection);
    expect(process.listenerCount('uncaughtException')).toBe(before.exception);
  });
});
