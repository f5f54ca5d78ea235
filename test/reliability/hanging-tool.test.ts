import 'reflect-metadata';
import { Audit, Tool, type ToolContext } from '../../src';
import { createTestClient } from '../../src/testing';
import { readRecords } from './spawned';

class NoInput {}
const seen: { aborted: number; reason: string } = { aborted: 0, reason: '' };

/** Never settles by itself; it only notes that its signal fired. */
@Tool({ name: 'hang', description: 'Hangs forever', input: NoInput, timeoutMs: 200 })
@Audit()
class HangTool {
  execute(_input: NoInput, ctx: ToolContext) {
    ctx.signal.addEventListener('abort', () => {
      seen.aborted++;
      seen.reason = String((ctx.signal.reason as Error)?.message);
    });
    return new Promise<never>(() => {});
  }
}

const text = (result: unknown) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? [])[0]?.text ?? '';

/** Timers and handles of this process, counted by type (the jest worker's own are there before and after). */
const resources = () => {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) if (r !== 'TTYWrap') counts[r] = (counts[r] ?? 0) + 1;
  return counts;
};

/**
 * The types of which `after` holds more than `slack` more than `before`: what the calls left behind. Timers the
 * process re-arms on its own (a sweeper between two runs) make a count move by one either way; a leak per call
 * would move it by the number of calls.
 */
const grown = (before: Record<string, number>, after: Record<string, number>, slack = 2) =>
  Object.keys(after).filter((type) => after[type] > (before[type] ?? 0) + slack);

describe('a hanging tool (reliability)', () => {
  it('times out with a clear message, fires its AbortSignal, is recorded, and leaks no timers or handles', async () => {
    const t = await createTestClient({ tools: [HangTool] });
    await t.callTool('hang', {}); // warm-up: lazy module loads and caches
    const before = resources();
    const results = await Promise.all(Array.from({ length: 20 }, () => t.callTool('hang', {})));
    for (const r of results) {
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/^tool hang timed out after 200 ms/);
    }
    expect(seen.aborted).toBe(21);
    expect(seen.reason).toBe('tool hang timed out after 200 ms');
    await new Promise((resolve) => setImmediate(resolve));
    // None left behind by the 20 calls (fewer than before is fine: a timer armed before them may have fired).
    expect(grown(before, resources())).toEqual([]);
    // The server keeps serving after the timeouts.
    expect((await t.listTools()).tools.map((x) => x.name)).toEqual(['hang']);
    const records = readRecords(t.auditFile); // before close(), which removes the test kit's temp folder
    await t.close();
    expect(records).toHaveLength(21);
    for (const r of records) expect(r).toMatchObject({ tool: 'hang', outcome: 'failure' });
  });
});
