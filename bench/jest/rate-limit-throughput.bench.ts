/**
 * Measures the per-call cost of the rate-limit check and prints it (`npm run bench:rate-limit`; ~20 s, so not
 * part of `npx jest`). It asserts no timing (shared CI machines are noisy); it asserts only that every call
 * was allowed, so the figures are of the hot path.
 */
import { RateLimiter, type RateLimitCheck } from '../../src/security/rate-limit';
import { describeWithRedis, startRedis, type RedisServer } from '../../test/support/redis';
import { ctx } from '../../test/unit/rate-limit/helpers';

const PRINCIPALS = Array.from({ length: 100 }, (_, i) => ctx(`user-${i}`));
const ONE_LIMIT = [{ limit: 1_000_000_000, window: '1h' as const }];
const TWO_LIMITS = [
  { limit: 1_000_000_000, window: '1s' as const },
  { limit: 1_000_000_000, window: '1h' as const, by: 'tool' as const },
];

/** Runs `total` calls, `concurrency` at a time; returns calls per second. */
async function measure(check: RateLimitCheck, total: number, concurrency: number): Promise<number> {
  let allowed = 0;
  const start = process.hrtime.bigint();
  for (let done = 0; done < total; done += concurrency) {
    const batch: Promise<{ allowed: boolean }>[] = [];
    for (let i = 0; i < concurrency; i++) batch.push(check(PRINCIPALS[(done + i) % PRINCIPALS.length]));
    for (const d of await Promise.all(batch)) if (d.allowed) allowed++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  expect(allowed).toBe(total);
  return Math.round(total / seconds);
}

async function report(label: string, limiter: RateLimiter, total: number): Promise<void> {
  const one = limiter.forTool('bench_one', ONE_LIMIT);
  const two = limiter.forTool('bench_two', TWO_LIMITS);
  await measure(one, Math.min(total, 2_000), 1); // warm-up (JIT, Redis script cache)
  const lines = [
    `1 limit, sequential:     ${await measure(one, total, 1)} calls/s`,
    `1 limit, 100 in flight:  ${await measure(one, total, 100)} calls/s`,
    `2 limits, sequential:    ${await measure(two, total, 1)} calls/s`,
    `2 limits, 100 in flight: ${await measure(two, total, 100)} calls/s`,
  ];
  console.log(`rate-limit check, ${label}:\n  ${lines.join('\n  ')}`);
}

describe('rate-limit throughput (prints figures, asserts no timing)', () => {
  it('memory store', async () => {
    const limiter = new RateLimiter();
    await report('memory store', limiter, 50_000);
    await limiter.close();
  });
});

describeWithRedis('rate-limit throughput with Redis (prints figures, asserts no timing)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  it('Redis store (localhost)', async () => {
    const limiter = new RateLimiter({ redis: redis.url });
    await limiter.ready();
    await report('Redis store on localhost', limiter, 4_000);
    await limiter.close();
  });
});
