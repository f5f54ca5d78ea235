import 'reflect-metadata';
import { Audit, Tool, type ToolContext } from '../../src';
import { createTestClient } from '../../src/testing';
import { readRecords } from './spawned';

class NoInput {}
const seen: { aborted: boolean; reason: string; stoppedWork: boolean } = {
  aborted: false,
  reason: '',
  stoppedWork: false,
};

/** Long work that honours its signal, as tools are told to (passing `ctx.signal` to fetch, streams...). */
@Tool({ name: 'long_job', description: 'Works until told to stop', input: NoInput, timeoutMs: 60_000 })
@Audit()
class LongJobTool {
  execute(_input: NoInput, ctx: ToolContext) {
    return new Promise<string>((resolve, reject) => {
      const work = setInterval(() => {}, 10); // stands for a socket, a child process, a stream
      ctx.signal.addEventListener('abort', () => {
        seen.aborted = true;
        seen.reason = (ctx.signal.reason as Error).message;
        clearInterval(work);
        seen.stoppedWork = true;
        reject(ctx.signal.reason as Error);
      });
      void resolve;
    });
  }
}

describe('shutdown interrupts a running call (reliability)', () => {
  it('records the call as interrupted and fires its AbortSignal, so the tool stops its work', async () => {
    const t = await createTestClient({ tools: [LongJobTool], shutdownGraceMs: 100 });
    const running = t.callTool('long_job', {}).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await t.server.close();
    expect(seen).toEqual({
      aborted: true,
      reason: expect.any(String),
      stoppedWork: true,
    });
    await t.client.close();
    await running;
    expect(readRecords(t.auditFile)).toEqual([
      expect.objectContaining({ tool: 'long_job', outcome: 'error', reason: 'interrupted' }),
    ]);
  });
});
