import { Redis } from 'ioredis';
import { Pager } from '../../../src/server/pagination';
import { CURSOR_KEY_TTL_MS, SharedCursorKey } from '../../../src/server/http/replicas/cursor-key';
import { describeWithRedis, startRedis, type RedisServer } from '../../support/redis';

const KEY = 'secure-mcp-test:cursor-key';
const items = ['a', 'b', 'c', 'd', 'e'];

describeWithRedis('SharedCursorKey: the list-cursor key replicas share in Redis', () => {
  let redis: RedisServer;
  let client: Redis;

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
  });

  afterAll(async () => {
    client.disconnect();
    await redis.kill();
    await redis.stop();
  });

  it('two replicas adopt one key (first wins), so a cursor made by one is accepted by the other', async () => {
    await client.del(KEY);
    const [one, two] = [new Pager(2), new Pager(2)];
    const keys = [
      new SharedCursorKey(client, KEY, (k) => one.useKey(k)),
      new SharedCursorKey(client, KEY, (k) => two.useKey(k)),
    ];
    await Promise.all(keys.map((k) => k.start()));
    try {
      const first = one.page(items, undefined, 'tools/list', 'iss#pat');
      const second = two.page(items, first.nextCursor, 'tools/list', 'iss#pat');
      expect(second.items).toEqual(['c', 'd']);
      const ttl = await client.pttl(KEY);
      expect(ttl).toBeGreaterThan(CURSOR_KEY_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(CURSOR_KEY_TTL_MS);
    } finally {
      keys.forEach((k) => k.stop());
    }
  });

  it('a lost key is replaced on the next renewal and every replica converges on the new one', async () => {
    await client.del(KEY);
    const [one, two] = [new Pager(2), new Pager(2)];
    const keys = [
      new SharedCursorKey(client, KEY, (k) => one.useKey(k), 50),
      new SharedCursorKey(client, KEY, (k) => two.useKey(k), 50),
    ];
    await Promise.all(keys.map((k) => k.start()));
    try {
      const old = one.page(items, undefined, 'tools/list', 'iss#pat').nextCursor;
      await client.del(KEY); // flushed or evicted
      await new Promise((r) => setTimeout(r, 200));
      expect(await client.exists(KEY)).toBe(1);
      const fresh = one.page(items, undefined, 'tools/list', 'iss#pat').nextCursor;
      expect(two.page(items, fresh, 'tools/list', 'iss#pat').items).toEqual(['c', 'd']);
      expect(() => two.page(items, old, 'tools/list', 'iss#pat')).toThrow(/not one this server issued/);
    } finally {
      keys.forEach((k) => k.stop());
    }
  });
});
