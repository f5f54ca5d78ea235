import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RateLimiter } from '../../../src/security/rate-limit';
import { describeWithRedis, startRedis, type RedisServer } from '../../support/redis';
import { allowedCount, burst, captureLogger, ctx, fakeClock } from '../../unit/rate-limit/helpers';

const T0 = Date.UTC(2026, 0, 1);
// Windows are aligned to the clock: tests that count calls on the real clock could straddle a boundary, so
// every limiter here runs on a fixed clock unless the test moves its own (mid-minute, mid-500 ms window).
const FIXED = () => T0 + 30_250;

describeWithRedis('RateLimiter with a real Redis', () => {
  let redis: RedisServer;
  let limiter: RateLimiter | undefined;
  let prefix = 0;
  // Each test gets its own key prefix so that tests never see each other's counters.
  const keyPrefix = () => `test${++prefix}:`;

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await limiter?.close();
    limiter = undefined;
  });
  afterAll(() => redis?.stop());

  async function open(options: ConstructorParameters<typeof RateLimiter>[0] = {}): Promise<RateLimiter> {
    limiter = new RateLimiter({ redis: redis.url, keyPrefix: keyPrefix(), clock: FIXED, ...options });
    expect(await limiter.ready()).toBe(true);
    return limiter;
  }

  it('connects from plain connection options (host, port, db) as well as a URL, and counts in Redis', async () => {
    const { hostname, port } = new URL(redis.url);
    const check = (await open({ redis: { host: hostname, port: Number(port), db: 0 } })).forTool('search', [
      { limit: 2, window: '1m' },
    ]);
    const decisions = await burst(check, 5, ctx('alice'));
    expect(allowedCount(decisions)).toBe(2);
    // The counters are in this Redis, not in the process's memory.
    const inspect = new Redis(redis.url);
    try {
      expect((await inspect.keys(`test${prefix}:*`)).length).toBeGreaterThan(0);
    } finally {
      inspect.disconnect();
    }
  });

  it('allows exactly `limit` of 1,000 concurrent calls', async () => {
    const check = (await open()).forTool('search', [{ limit: 100, window: '1m' }]);
    const decisions = await burst(check, 1000, ctx('alice'));
    expect(allowedCount(decisions)).toBe(100);
    expect(decisions.find((d) => !d.allowed)).toMatchObject({ reason: 'exceeded', limit: 100 });
  });

  it('gives exact counts for concurrent calls across stacked limits, with refunds', async () => {
    const clock = fakeClock(T0);
    const check = (await open({ clock: clock.now })).forTool('search', [
      { limit: 100, window: '1m' },
      { limit: 50, window: '1h', by: 'tool' },
    ]);
    const [alice, bob] = await Promise.all([burst(check, 500, ctx('alice')), burst(check, 500, ctx('bob'))]);
    expect(allowedCount(alice) + allowedCount(bob)).toBe(50);
    clock.advance(60_000);
    expect(allowedCount(await burst(check, 100, ctx('carol')))).toBe(0);
  });

  it('a call denied by one limit consumes nothing from the others', async () => {
    const clock = fakeClock(T0);
    const check = (await open({ clock: clock.now })).forTool('search', [
      { limit: 5, window: '1h' },
      { limit: 3, window: '1m', by: 'tool' },
    ]);
    expect(allowedCount(await burst(check, 5, ctx('alice')))).toBe(3);
    clock.advance(60_000);
    expect(allowedCount(await burst(check, 5, ctx('alice')))).toBe(2);
  });

  it('windows follow the clock option, also for sub-second windows', async () => {
    const clock = fakeClock(T0 + 100);
    const check = (await open({ clock: clock.now })).forTool('search', [{ limit: 2, window: '500ms' }]);
    expect(allowedCount(await burst(check, 5, ctx('alice')))).toBe(2);
    clock.set(T0 + 499);
    expect(await check(ctx('alice'))).toEqual({
      allowed: false,
      retryAfterMs: 1,
      limit: 2,
      windowMs: 500,
      reason: 'exceeded',
    });
    clock.set(T0 + 500);
    expect(allowedCount(await burst(check, 5, ctx('alice')))).toBe(2);
  });

  it('keys expire in Redis (no key is left without a TTL)', async () => {
    const prefixUsed = keyPrefix();
    limiter = new RateLimiter({ redis: redis.url, keyPrefix: prefixUsed, clock: FIXED });
    await limiter.ready();
    const check = limiter.forTool('search', [
      { limit: 2, window: '500ms' },
      { limit: 5, window: '1m', by: 'tool' },
    ]);
    await burst(check, 10, ctx('alice'));
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys(`${prefixUsed}*`);
      expect(keys.length).toBe(2);
      for (const key of keys) {
        const ttl = await client.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(61_000);
      }
    } finally {
      client.disconnect();
    }
  });

  it('accepts an ioredis client and leaves it open on close()', async () => {
    const client = new Redis(redis.url, { enableOfflineQueue: false });
    try {
      limiter = new RateLimiter({ redis: client, keyPrefix: keyPrefix(), clock: FIXED });
      expect(await limiter.ready()).toBe(true);
      const check = limiter.forTool('search', [{ limit: 3, window: '1m' }]);
      expect(allowedCount(await burst(check, 10, ctx('alice')))).toBe(3);
      await limiter.close();
      limiter = undefined;
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
  });

  it('two OS processes share one limit (50 allowed of 2 × 50)', async () => {
    const tool = `shared${Date.now()}`;
    const worker = join(__dirname, 'child', 'worker.js');
    const children = [0, 1].map(() =>
      spawn(process.execPath, [worker, redis.url, tool, '50', '1h', '50', String(T0)], { stdio: 'pipe' }),
    );
    try {
      await Promise.all(children.map((c) => lineFrom(c, 'ready')));
      const results = children.map((c) => lineFrom(c, '{'));
      // Both processes hold their 50 calls until now, so the two bursts really overlap in Redis.
      for (const c of children) c.stdin.end('go\n');
      const allowed = (await Promise.all(results)).map(
        (line) => (JSON.parse(line) as { allowed: number }).allowed,
      );
      console.log(
        `two processes: allowed ${allowed.join(' + ')} = ${allowed[0] + allowed[1]} of 100 attempts`,
      );
      expect(allowed[0] + allowed[1]).toBe(50);
    } finally {
      for (const c of children) if (c.exitCode === null) c.kill();
    }
  });

  describe('when Redis dies', () => {
    afterEach(async () => {
      // Bring Redis back for the tests that follow.
      if (!(await isUp(redis))) await redis.restart();
    });

    it('failClosed (default) denies with store-unavailable, logs, and recovers when Redis returns', async () => {
      const { logger, records } = captureLogger();
      const check = (await open({ logger, timeoutMs: 300 })).forTool('search', [
        { limit: 100, window: '1m' },
      ]);
      expect((await check(ctx('alice'))).allowed).toBe(true);

      await redis.kill();
      const decisions = await burst(check, 20, ctx('alice'));
      expect(allowedCount(decisions)).toBe(0);
      expect(decisions[0]).toEqual({
        allowed: false,
        retryAfterMs: 1_000,
        limit: 100,
        windowMs: 60_000,
        reason: 'store-unavailable',
      });
      expect(records.some((r) => r.level === 'warn' && /DENIED \(failClosed\)/.test(r.message))).toBe(true);

      await redis.restart();
      await waitUntil(async () => (await check(ctx('alice'))).allowed);
      expect(records.some((r) => r.level === 'info' && /reachable again/.test(r.message))).toBe(true);
    });

    it('failOpen allows calls and logs a warning (not to stdout)', async () => {
      const { logger, records } = captureLogger();
      const stdout = jest.spyOn(process.stdout, 'write');
      try {
        const check = (await open({ logger, failMode: 'failOpen', timeoutMs: 300 })).forTool('search', [
          { limit: 5, window: '1m' },
        ]);
        const before = await burst(check, 5, ctx('alice'));
        expect(before).toEqual(Array(5).fill({ allowed: true }));
        expect((await check(ctx('alice'))).allowed).toBe(false);

        await redis.kill();
        const during = await burst(check, 20, ctx('alice'));
        expect(during.every((d) => d.allowed && d.failedOpen === true)).toBe(true);
        const warnings = records.filter(
          (r) => r.level === 'warn' && /ALLOWED without rate limiting/.test(r.message),
        );
        expect(warnings.length).toBeGreaterThanOrEqual(1);
        // 20 failed calls do not mean 20 warnings.
        expect(warnings.length).toBeLessThan(5);
        expect(stdout).not.toHaveBeenCalled();
      } finally {
        stdout.mockRestore();
      }
    });

    it.each(['a URL', 'an ioredis client without commandTimeout'])(
      'a Redis that hangs costs a call at most timeoutMs, then the fail mode applies (%s)',
      async (kind) => {
        const client = kind === 'a URL' ? undefined : new Redis(redis.url, { enableOfflineQueue: false });
        try {
          const check = (await open({ redis: client ?? redis.url, timeoutMs: 200 })).forTool('search', [
            { limit: 100, window: '1m' },
          ]);
          expect((await check(ctx('alice'))).allowed).toBe(true);
          redis.pause();
          try {
            const started = Date.now();
            const decisions = await burst(check, 10, ctx('alice'));
            const elapsed = Date.now() - started;
            expect(decisions.every((d) => !d.allowed && d.reason === 'store-unavailable')).toBe(true);
            // Generous bound: the point is "about timeoutMs", not "until Redis answers".
            expect(elapsed).toBeLessThan(5_000);
          } finally {
            redis.resume();
          }
          await waitUntil(async () => (await check(ctx('alice'))).allowed);
        } finally {
          client?.disconnect();
        }
      },
    );

    it('does not refuse calls at start-up while the connection is being made, once ready() resolved', async () => {
      await redis.kill();
      const { logger, records } = captureLogger();
      limiter = new RateLimiter({
        redis: redis.url,
        keyPrefix: keyPrefix(),
        logger,
        timeoutMs: 300,
        clock: FIXED,
      });
      expect(await limiter.ready(500)).toBe(false);
      expect(records.some((r) => r.level === 'warn' && /rate-limit store unavailable/.test(r.message))).toBe(
        true,
      );
      await redis.restart();
      expect(await limiter.ready(5_000)).toBe(true);
      const check = limiter.forTool('search', [{ limit: 1, window: '1m' }]);
      expect((await check(ctx('alice'))).allowed).toBe(true);
    });
  });
});

function lineFrom(child: ChildProcessWithoutNullStreams, startsWith: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith(startsWith));
      if (line !== undefined) {
        child.stdout.off('data', onData);
        resolve(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker exited with ${code}: ${stderr}`));
    });
  });
}

async function isUp(server: RedisServer): Promise<boolean> {
  const client = new Redis(server.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
