import { StartupError } from '../../../src/errors';
import { denialMessage, RateLimiter, retryAfterSeconds } from '../../../src/security/rate-limit';
import type { RateLimitDecision } from '../../../src/security/rate-limit';
import { allowedCount, burst, ctx, fakeClock } from './helpers';

// 2026-01-01T00:00:00Z: a whole hour, so windows of 1s, 1m and 1h all start here.
const T0 = Date.UTC(2026, 0, 1);

describe('RateLimiter (memory store)', () => {
  let limiter: RateLimiter;
  let clock: ReturnType<typeof fakeClock>;

  beforeEach(() => {
    clock = fakeClock(T0);
    limiter = new RateLimiter({ clock: clock.now });
  });
  afterEach(() => limiter.close());

  it('allows exactly `limit` of 1,000 concurrent calls', async () => {
    const check = limiter.forTool('search', [{ limit: 100, window: '1m' }]);
    const decisions = await burst(check, 1000, ctx('alice'));
    expect(allowedCount(decisions)).toBe(100);
    const denied = decisions.filter((d): d is Extract<RateLimitDecision, { allowed: false }> => !d.allowed);
    expect(new Set(denied.map((d) => d.reason))).toEqual(new Set(['exceeded']));
    expect(denied[0]).toMatchObject({ limit: 100, windowMs: 60_000, retryAfterMs: 60_000 });
  });

  it('opens the next window exactly at the boundary and reports the time left', async () => {
    const check = limiter.forTool('search', [{ limit: 3, window: '10s' }]);
    clock.set(T0 + 2_500);
    expect(allowedCount(await burst(check, 5, ctx('alice')))).toBe(3);

    clock.set(T0 + 9_999);
    const last = await check(ctx('alice'));
    expect(last).toEqual({ allowed: false, retryAfterMs: 1, limit: 3, windowMs: 10_000, reason: 'exceeded' });

    clock.set(T0 + 10_000);
    expect(allowedCount(await burst(check, 5, ctx('alice')))).toBe(3);
  });

  it('follows Date.now by default, so jest fake timers drive the windows too', async () => {
    jest.useFakeTimers({ now: T0 });
    try {
      const realClock = new RateLimiter();
      const check = realClock.forTool('search', [{ limit: 2, window: '1s' }]);
      expect(allowedCount(await burst(check, 4, ctx('alice')))).toBe(2);
      jest.setSystemTime(T0 + 999);
      expect((await check(ctx('alice'))).allowed).toBe(false);
      jest.setSystemTime(T0 + 1_000);
      expect(allowedCount(await burst(check, 4, ctx('alice')))).toBe(2);
      await realClock.close();
    } finally {
      jest.useRealTimers();
    }
  });

  describe('stacked limits', () => {
    it('enforces every limit (2 per second and 5 per hour)', async () => {
      const check = limiter.forTool('search', [
        { limit: 5, window: '1h' },
        { limit: 2, window: '1s' },
      ]);
      const perSecond: number[] = [];
      for (let s = 0; s < 4; s++) {
        clock.set(T0 + s * 1_000);
        perSecond.push(allowedCount(await burst(check, 10, ctx('alice'))));
      }
      expect(perSecond).toEqual([2, 2, 1, 0]);
      const denied = await check(ctx('alice'));
      expect(denied).toMatchObject({
        allowed: false,
        limit: 5,
        windowMs: 3_600_000,
        retryAfterMs: 3_600_000 - 3_000,
      });
    });

    it('a call denied by one limit consumes nothing from the others', async () => {
      // alice: 5 per hour; the tool as a whole: 3 per minute.
      const check = limiter.forTool('search', [
        { limit: 5, window: '1h' },
        { limit: 3, window: '1m', by: 'tool' },
      ]);
      expect(allowedCount(await burst(check, 5, ctx('alice')))).toBe(3);
      clock.advance(60_000);
      // 2 of alice's 5 hourly calls are left; had the 2 denied calls kept their points, none would be.
      expect(allowedCount(await burst(check, 5, ctx('alice')))).toBe(2);
    });

    it('a refused call gives back the points the store counted for it', async () => {
      // First limit: 2 per second shared by everyone; second: 1 per minute per principal.
      const check = limiter.forTool('search', [
        { limit: 1, window: '1m' },
        { limit: 2, window: '1s', by: () => 'shared' },
      ]);
      expect((await check(ctx('p1'))).allowed).toBe(true); // shared: 1 of 2; p1: 1 of 1
      // y passes the shared limit (2 of 2) and is then denied by p1's limit; x is refused by the shared one.
      const [y, x] = await Promise.all([check(ctx('p1')), check(ctx('p2'))]);
      expect([y.allowed, x.allowed]).toEqual([false, false]);
      // Both gave their shared point back, so the shared bucket holds 1 of 2 again and p3 gets through.
      expect((await check(ctx('p3'))).allowed).toBe(true);
    });

    it('gives exact counts for concurrent calls across stacked limits', async () => {
      const check = limiter.forTool('search', [
        { limit: 100, window: '1m' },
        { limit: 50, window: '1h', by: 'tool' },
      ]);
      const [alice, bob] = await Promise.all([
        burst(check, 500, ctx('alice')),
        burst(check, 500, ctx('bob')),
      ]);
      expect(allowedCount(alice) + allowedCount(bob)).toBe(50);
      clock.advance(60_000);
      expect(allowedCount(await burst(check, 100, ctx('carol')))).toBe(0);
    });
  });

  describe('by', () => {
    it('principal (default): each principal has its own bucket, shared across sessions', async () => {
      const check = limiter.forTool('search', [{ limit: 2, window: '1m' }]);
      expect(allowedCount(await burst(check, 3, ctx('alice', 's1')))).toBe(2);
      expect(allowedCount(await burst(check, 3, ctx('alice', 's2')))).toBe(0);
      expect(allowedCount(await burst(check, 3, ctx('bob', 's1')))).toBe(2);
    });

    it('session: each session has its own bucket', async () => {
      const check = limiter.forTool('search', [{ limit: 2, window: '1m', by: 'session' }]);
      expect(allowedCount(await burst(check, 3, ctx('alice', 's1')))).toBe(2);
      expect(allowedCount(await burst(check, 3, ctx('alice', 's2')))).toBe(2);
      expect(allowedCount(await burst(check, 3, ctx('bob', 's1')))).toBe(0);
    });

    it('tool: one bucket for everyone', async () => {
      const check = limiter.forTool('search', [{ limit: 2, window: '1m', by: 'tool' }]);
      expect(allowedCount(await burst(check, 1, ctx('alice', 's1')))).toBe(1);
      expect(allowedCount(await burst(check, 3, ctx('bob', 's2')))).toBe(1);
    });

    it('function: the returned string names the bucket', async () => {
      const tenant = (c: { principal: { claims?: Readonly<Record<string, unknown>> } }) =>
        String(c.principal.claims?.tenant);
      const check = limiter.forTool('search', [{ limit: 2, window: '1m', by: tenant }]);
      const acme = (id: string) => ({ ...ctx(id), principal: { id, claims: { tenant: 'acme' } } });
      const globex = { ...ctx('carol'), principal: { id: 'carol', claims: { tenant: 'globex' } } };
      expect(allowedCount(await burst(check, 1, acme('alice')))).toBe(1);
      expect(allowedCount(await burst(check, 3, acme('bob')))).toBe(1);
      expect(allowedCount(await burst(check, 3, globex))).toBe(2);
    });

    it('keeps a principal and a session with the same name apart, and tools apart', async () => {
      const byPrincipal = limiter.forTool('a', [{ limit: 1, window: '1m' }]);
      const bySession = limiter.forTool('a2', [{ limit: 1, window: '1m', by: 'session' }]);
      const otherTool = limiter.forTool('b', [{ limit: 1, window: '1m' }]);
      expect((await byPrincipal(ctx('x', 'x'))).allowed).toBe(true);
      expect((await bySession(ctx('x', 'x'))).allowed).toBe(true);
      expect((await otherTool(ctx('x', 'x'))).allowed).toBe(true);
      expect((await byPrincipal(ctx('x', 'x'))).allowed).toBe(false);
    });

    it('a key function that returns a non-string fails the call loudly', async () => {
      const check = limiter.forTool('search', [
        { limit: 1, window: '1m', by: () => undefined as unknown as string },
      ]);
      await expect(check(ctx('alice'))).rejects.toThrow(/key function of tool search returned undefined/);
    });
  });

  it('a key function that throws takes no points from the other limits', async () => {
    let fail = true;
    const check = limiter.forTool('search', [
      { limit: 1, window: '1m' },
      {
        limit: 5,
        window: '1h',
        by: () => {
          if (fail) throw new Error('no tenant');
          return 'acme';
        },
      },
    ]);
    await expect(check(ctx('alice'))).rejects.toThrow('no tenant');
    fail = false;
    expect((await check(ctx('alice'))).allowed).toBe(true);
  });

  it('cost: a call takes `cost` points', async () => {
    const check = limiter.forTool('export', [{ limit: 10, window: '1m', cost: 4 }]);
    expect(allowedCount(await burst(check, 5, ctx('alice')))).toBe(2);
  });

  it('a tool without limits is always allowed', async () => {
    const check = limiter.forTool('free', []);
    expect(allowedCount(await burst(check, 1000, ctx('alice')))).toBe(1000);
  });

  it.each([
    [{ limit: 0, window: '1m' }, /limit must be a whole number >= 1/],
    [{ limit: 1.5, window: '1m' }, /limit must be a whole number >= 1/],
    [{ limit: 5, window: '1m', cost: 0 }, /cost must be a whole number >= 1/],
    [{ limit: 5, window: '1m', cost: 6 }, /cost 6 is greater than limit 5/],
    [{ limit: 5, window: '1 minute' }, /invalid rate-limit window "1 minute"/],
    [{ limit: 5, window: '1m', by: 'user' }, /"by" must be 'principal', 'session', 'tool' or a function/],
  ])('refuses %p at start-up with a message naming the tool', (options, message) => {
    const compile = () => limiter.forTool('search', [options as never]);
    expect(compile).toThrow(StartupError);
    expect(compile).toThrow(/^tool search: @RateLimit #1: /);
    expect(compile).toThrow(message);
  });

  it('rejects an unknown fail mode', () => {
    expect(() => new RateLimiter({ failMode: 'failSoft' as never })).toThrow(/failMode/);
  });

  it('formats the client message with whole seconds to wait', () => {
    const denial = {
      allowed: false,
      retryAfterMs: 2_001,
      limit: 3,
      windowMs: 10_000,
      reason: 'exceeded',
    } as const;
    expect(retryAfterSeconds(denial)).toBe(3);
    expect(denialMessage('search', denial)).toBe('rate limit exceeded for search; retry in 3 s');
    expect(retryAfterSeconds({ ...denial, retryAfterMs: 1 })).toBe(1);
  });
});
