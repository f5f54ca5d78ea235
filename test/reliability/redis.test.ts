import 'reflect-metadata';
import { IsInt } from 'class-validator';
import { Audit, RateLimit, Tool } from '../../src';
import { createTestClient, type TestClient } from '../../src/testing';
import { describeWithRedis, startRedis, type RedisServer } from '../support/redis';
import { captureLogger } from '../integration/http/helpers';
import { auditVerify, readRecords } from './spawned';

class CountInput {
  @IsInt() n!: number;
}
@Tool({ name: 'limited', description: 'Audited, 30 calls a minute', input: CountInput })
@RateLimit({ limit: 30, window: '1m' })
@Audit()
class LimitedTool {
  execute(input: CountInput) {
    return String(input.n);
  }
}

const until = async (check: () => Promise<boolean>, what: string) => {
  for (let waited = 0; !(await check()); waited += 50) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describeWithRedis('Redis killed and restarted mid-run (reliability)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function run(failMode: 'failClosed' | 'failOpen') {
    const logger = captureLogger();
    const t: TestClient = await createTestClient({
      tools: [LimitedTool],
      logger,
      rateLimit: {
        redis: redis.url,
        failMode,
        timeoutMs: 300,
        keyPrefix: `rel-${failMode}-${Date.now()}:`,
        // Windows are aligned to the clock; a fixed clock keeps this seconds-long run inside one window.
        clock: () => Date.UTC(2026, 0, 1, 12, 0, 30),
      },
    });
    const call = async (n: number) => {
      const r = await t.callTool('limited', { n });
      return { isError: r.isError === true, text: t.text(r) };
    };
    await until(async () => !(await call(-1)).isError, 'the first connection');
    const before = await Promise.all(Array.from({ length: 10 }, (_, n) => call(n)));
    expect(before.every((r) => !r.isError)).toBe(true);

    await redis.kill();
    const during = await Promise.all(Array.from({ length: 10 }, (_, n) => call(100 + n)));

    await redis.restart();
    // Calls go on meanwhile; the limiter says when Redis answers again.
    await until(async () => {
      await call(999);
      return logger.lines.some((l) => /reachable again/.test(l.message));
    }, 'Redis to be reachable again');
    // Limits resume: the counters start over (Redis came back empty), and the 31st call in the window is denied.
    const after: Array<{ isError: boolean; text: string }> = [];
    for (let n = 0; n < 40; n++) after.push(await call(200 + n));
    const records = readRecords(t.auditFile); // before close(), which removes the test kit's temp folder
    closers.push(() => t.close()); // after the test has verified the file
    return { before, during, after, logger, records, auditFile: t.auditFile };
  }

  it('failClosed (default): denied with a clear reason while Redis is down, recorded; limits resume after', async () => {
    const { during, after, logger, records, auditFile } = await run('failClosed');
    for (const r of during) {
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/^rate limit unavailable \(store unreachable\) for limited; retry in \d+ s$/);
    }
    expect(logger.lines.some((l) => l.level === 'warn' && /DENIED \(failClosed\)/.test(l.message))).toBe(
      true,
    );
    expect(after.filter((r) => !r.isError).length).toBeLessThanOrEqual(30);
    expect(after.at(-1)?.text).toMatch(/^rate limit exceeded for limited; retry in \d+ s$/);
    // Every call has its record: 10 served, 10 denied during the outage, then the rest.
    const byN = (lo: number, hi: number) =>
      records.filter((r) => (r.args as { n: number }).n >= lo && (r.args as { n: number }).n < hi);
    expect(byN(0, 10).map((r) => r.outcome)).toEqual(Array(10).fill('success'));
    expect(byN(100, 110).map((r) => r.outcome)).toEqual(Array(10).fill('denied'));
    expect(byN(200, 240)).toHaveLength(40);
    expect(auditVerify(auditFile).status).toBe(0);
  });

  it('failOpen: served and logged while Redis is down, recorded; limits resume after', async () => {
    const { during, after, logger, records, auditFile } = await run('failOpen');
    expect(during.every((r) => !r.isError)).toBe(true);
    expect(
      logger.lines.some((l) => l.level === 'warn' && /ALLOWED without rate limiting/.test(l.message)),
    ).toBe(true);
    expect(after.at(-1)?.text).toMatch(/^rate limit exceeded for limited; retry in \d+ s$/);
    const during100 = records.filter((r) => {
      const n = (r.args as { n: number }).n;
      return n >= 100 && n < 110;
    });
    expect(during100.map((r) => r.outcome)).toEqual(Array(10).fill('success'));
    expect(auditVerify(auditFile).status).toBe(0);
  });
});
