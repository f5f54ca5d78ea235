import { Redis } from 'ioredis';
import { MemoryEventStores } from '../../../src/server/http/events/memory-event-store';
import { RedisEventStores } from '../../../src/server/http/events/redis-event-store';
import { describeWithRedis, startRedis, type RedisServer } from '../../support/redis';

const msg = (n: number) => ({ jsonrpc: '2.0' as const, method: 'notifications/message', params: { n } });
const collect = async (store: ReturnType<MemoryEventStores['forSession']>, after: string) => {
  const seen: number[] = [];
  await store.replayEventsAfter(after, {
    send: async (_id, m) => void seen.push((m as { params?: { n: number } }).params?.n ?? 0),
  });
  return seen;
};

describe('MemoryEventStores', () => {
  it('keeps at most maxEventsPerStream events per stream', async () => {
    const stores = new MemoryEventStores({ maxEventsPerStream: 3, ttlMs: 60_000 });
    const s = stores.forSession('s1');
    const first = await s.storeEvent('st', {} as never);
    for (let n = 1; n <= 5; n++) await s.storeEvent('st', msg(n));
    expect(await collect(s, first)).toEqual([3, 4, 5]);
  });

  it('drops streams silent for ttlMs, and a dropped session entirely', async () => {
    let now = 0;
    const stores = new MemoryEventStores({ maxEventsPerStream: 10, ttlMs: 1_000 }, () => now);
    const s = stores.forSession('s1');
    const old = await s.storeEvent('old', msg(1));
    now = 2_000;
    await s.storeEvent('new', msg(2));
    expect(await s.getStreamIdForEventId!(old)).toBeUndefined();
    expect(stores.streamCount).toBe(1);
    await stores.dropSession('s1');
    expect(stores.streamCount).toBe(0);
  });

  it('never replays another session’s stream, even with the same stream id', async () => {
    const stores = new MemoryEventStores();
    const id = await stores.forSession('a').storeEvent('_GET_stream', msg(1));
    expect(await stores.forSession('b').getStreamIdForEventId!(id)).toBeUndefined();
    await expect(collect(stores.forSession('b'), id)).rejects.toThrow();
  });
});

describeWithRedis('RedisEventStores', () => {
  let redis: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client.disconnect();
    await redis.kill(); // SIGTERM sometimes lingers for seconds on the loaded shared machine
    await redis.stop();
  });

  it('caps each stream, sets a TTL on every key, refuses foreign or malformed ids, and drops a session', async () => {
    const stores = new RedisEventStores(client, 't:', { maxEventsPerStream: 3, ttlMs: 30_000 });
    const s = stores.forSession('s1');
    const first = await s.storeEvent('st', {} as never);
    for (let n = 1; n <= 5; n++) await s.storeEvent('st', msg(n));
    expect(await collect(s, first)).toEqual([3, 4, 5]);
    const keys = await client.keys('t:*');
    expect(keys.length).toBe(2);
    for (const key of keys) expect(await client.pttl(key)).toBeGreaterThan(0);
    expect(await stores.forSession('s2').getStreamIdForEventId!(first)).toBeUndefined();
    expect(await s.getStreamIdForEventId!('st.0-0 OR 1')).toBeUndefined();
    expect(await s.getStreamIdForEventId!('../x.1-0')).toBeUndefined();
    await stores.dropSession('s1');
    expect(await client.keys('t:*')).toEqual([]);
  });
});
