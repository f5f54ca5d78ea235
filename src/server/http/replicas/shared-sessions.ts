import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * What a replica needs to rebuild a session it has never seen: who owns it, how it was initialized, and
 * the latest params of each session-shaping request (`logging/setLevel`...), replayed into a fresh SDK
 * server in the same order.
 */
export interface SessionRecord {
  owner: string;
  /** The params of the client's `initialize` (protocol version, capabilities, client info). */
  initialize: Record<string, unknown>;
  /** Latest params by method, for the requests listed in {@link SESSION_STATE_METHODS}. */
  state: Record<string, Record<string, unknown>>;
}

/** Client requests whose effect lasts for the session: recorded, and replayed when a session is rebuilt. */
export const SESSION_STATE_METHODS: ReadonlySet<string> = new Set(['logging/setLevel']);

/** Redis server time in ms: replicas' clocks may differ, expiries in the live set are all on one clock. */
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Admits a new session when fewer than `max` are live across replicas: the live set scores each session by
 * its expiry, so entries of sessions nobody renews (their replica killed, the client gone) drop out by
 * themselves, swept here before counting. Atomic: two replicas admitting at once cannot both pass the cap.
 */
const RESERVE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/**
 * Admits a new session of a principal (`maxSessionsPerPrincipal`, on all replicas together): the principal's
 * set scores each of its sessions by expiry, i.e. by last use, so when it is full the lowest entries are the
 * least recently used sessions: popped and returned for the caller to end (the principal is never locked
 * out, as on a single server). Expired entries (sessions nobody renews) are swept first. Atomic.
 */
const ADMIT = `${NOW}
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2]) + 1
local evicted = {}
if over > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[1], over)
  for i = 1, #popped, 2 do evicted[#evicted + 1] = popped[i] end
end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl)
return evicted`;

/**
 * Renews a session: its record, its pending requests, its entries in the live set and its principal's set,
 * and its resource subscriptions (the per-session set and its entry in each URI's index). Index and
 * principal keys are named from a SHA-1 inside the script (a single Redis, not a cluster, as for the rest of
 * the store).
 */
const TOUCH = `${NOW}
local ttl = tonumber(ARGV[2])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
if redis.call('ZADD', KEYS[3], 'XX', 'CH', now + ttl, ARGV[1]) == 1 then redis.call('PEXPIRE', KEYS[3], ttl) end
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner then
  local mine = ARGV[4] .. redis.sha1hex(owner)
  if redis.call('ZADD', mine, 'XX', 'CH', now + ttl, ARGV[1]) == 1 then redis.call('PEXPIRE', mine, ttl) end
end
local uris = redis.call('SMEMBERS', KEYS[4])
if #uris > 0 then redis.call('PEXPIRE', KEYS[4], ttl) end
for _, uri in ipairs(uris) do
  local index = ARGV[3] .. redis.sha1hex(uri)
  redis.call('ZADD', index, now + ttl, ARGV[1])
  redis.call('PEXPIRE', index, ttl)
end
return 1`;

/** Records a subscription, only for a session that still exists (a late write must not resurrect one). */
const SUBSCRIBE = `${NOW}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local ttl = tonumber(ARGV[3])
local index = ARGV[4] .. redis.sha1hex(ARGV[1])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('ZADD', index, now + ttl, ARGV[2])
redis.call('PEXPIRE', index, ttl)
return 1`;

const UNSUBSCRIBE = `
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('ZREM', ARGV[3] .. redis.sha1hex(ARGV[1]), ARGV[2])
return 1`;

/** The sessions subscribed to a URI, expired entries swept first. */
const SUBSCRIBERS = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)`;

/** Ends a session: every key of it, and its entries in the live set, its principal's set and the URI indexes. */
const DELETE = `
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner then redis.call('ZREM', ARGV[3] .. redis.sha1hex(owner), ARGV[1]) end
for _, uri in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  redis.call('ZREM', ARGV[2] .. redis.sha1hex(uri), ARGV[1])
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[4])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1`;

/**
 * Sessions and their pending server→client requests in Redis, so that any replica can serve any session.
 * Every key expires after the session's idle timeout (renewed on use) and is deleted when the session ends.
 */
export class SharedSessions {
  private readonly lastTouch = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  private key(id: string) {
    return `${this.prefix}s:${id}`;
  }
  private pendingKey(id: string) {
    return `${this.prefix}p:${id}`;
  }
  /** The resource URIs a session subscribed to. */
  private subscriptionsKey(id: string) {
    return `${this.prefix}sub:${id}`;
  }
  /** Prefix of the per-URI indexes of subscribed sessions (scored by expiry), named by the URI's SHA-1. */
  private get indexPrefix() {
    return `${this.prefix}su:`;
  }
  /** Prefix of the per-principal sets of sessions (scored by expiry), named by the principal's SHA-1. */
  private get principalPrefix() {
    return `${this.prefix}po:`;
  }
  private principalKey(owner: string) {
    return this.principalPrefix + createHash('sha1').update(owner).digest('hex');
  }
  /** Live sessions of every replica, scored by expiry (ms, Redis clock): what `maxSessions` counts. */
  private get liveKey() {
    return `${this.prefix}live`;
  }

  /**
   * Counts a new session against the cap shared by all replicas; false when `max` sessions are live. The
   * entry expires with the session (renewed by {@link touch}) and goes with {@link delete} or {@link release}.
   */
  async reserve(id: string, max: number): Promise<boolean> {
    return (await this.redis.eval(RESERVE, 1, this.liveKey, id, String(max), String(this.ttlMs))) === 1;
  }

  /**
   * Counts a new session of `owner` against `maxSessionsPerPrincipal` on all replicas together. Returns the
   * ids of the owner's least recently used sessions that must end to make room (none while under the cap).
   */
  async admit(id: string, owner: string, max: number): Promise<string[]> {
    const key = this.principalKey(owner);
    return (await this.redis.eval(ADMIT, 1, key, id, String(max), String(this.ttlMs))) as string[];
  }

  /** Gives back the places of a session that was never opened (its `initialize` was refused). */
  async release(id: string, owner: string): Promise<void> {
    await this.redis.multi().zrem(this.liveKey, id).zrem(this.principalKey(owner), id).exec();
  }

  async save(id: string, record: SessionRecord): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key(id), 'owner', record.owner, 'init', JSON.stringify(record.initialize))
      .pexpire(this.key(id), this.ttlMs)
      .exec();
  }

  async saveState(id: string, method: string, params: Record<string, unknown>): Promise<void> {
    // Only for a session that still exists: a late write must not resurrect a deleted one.
    await this.redis.eval(
      "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end",
      1,
      this.key(id),
      `state:${method}`,
      JSON.stringify(params),
    );
  }

  async load(id: string): Promise<SessionRecord | undefined> {
    const fields = await this.redis.hgetall(this.key(id));
    if (!fields.owner || !fields.init) return undefined;
    const state: SessionRecord['state'] = {};
    for (const [field, value] of Object.entries(fields)) {
      if (field.startsWith('state:')) state[field.slice(6)] = JSON.parse(value) as Record<string, unknown>;
    }
    return { owner: fields.owner, initialize: JSON.parse(fields.init) as Record<string, unknown>, state };
  }

  /** Renews the TTL, at most once per tenth of it per session (a call costs no extra round trip). */
  touch(id: string): void {
    const now = Date.now();
    if (now - (this.lastTouch.get(id) ?? 0) < this.ttlMs / 10) return;
    this.lastTouch.set(id, now);
    void this.redis
      .eval(TOUCH, 4, ...this.sessionKeys(id), id, String(this.ttlMs), this.indexPrefix, this.principalPrefix)
      .catch(() => {});
  }

  async delete(id: string): Promise<void> {
    this.lastTouch.delete(id);
    await this.redis.eval(DELETE, 4, ...this.sessionKeys(id), id, this.indexPrefix, this.principalPrefix);
  }

  private sessionKeys(id: string): [string, string, string, string] {
    return [this.key(id), this.pendingKey(id), this.liveKey, this.subscriptionsKey(id)];
  }

  /** Records the session's subscription to `uri`: any replica's `notifyResourceUpdated(uri)` reaches it. */
  async subscribe(id: string, uri: string): Promise<void> {
    const keys = [this.key(id), this.subscriptionsKey(id)];
    await this.redis.eval(SUBSCRIBE, 2, ...keys, uri, id, String(this.ttlMs), this.indexPrefix);
  }

  async unsubscribe(id: string, uri: string): Promise<void> {
    await this.redis.eval(UNSUBSCRIBE, 1, this.subscriptionsKey(id), uri, id, this.indexPrefix);
  }

  /** The live sessions subscribed to `uri`, on whatever replica they subscribed. */
  async subscribers(uri: string): Promise<string[]> {
    const index = this.indexPrefix + createHash('sha1').update(uri).digest('hex');
    return (await this.redis.eval(SUBSCRIBERS, 1, index)) as string[];
  }

  /** Forgets local bookkeeping of a session that this replica stops serving (it stays in Redis). */
  forget(id: string): void {
    this.lastTouch.delete(id);
  }

  /** Records that `replica` waits for the client's answer to request `requestId` of the session. */
  async addPending(id: string, requestId: string, replica: string): Promise<void> {
    await this.redis
      .multi()
      .hset(this.pendingKey(id), requestId, replica)
      .pexpire(this.pendingKey(id), this.ttlMs)
      .exec();
  }

  async removePending(id: string, requestId: string): Promise<void> {
    await this.redis.hdel(this.pendingKey(id), requestId);
  }

  /** The replica waiting for an answer to `requestId`, if the request is pending in this session. */
  async pendingOwner(id: string, requestId: string): Promise<string | undefined> {
    return (await this.redis.hget(this.pendingKey(id), requestId)) ?? undefined;
  }
}
