import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * How long the shared cursor key lives without a replica renewing it. Every replica renews it far more often
 * ({@link RENEW_EVERY_MS}), so it lasts as long as the deployment runs; once every replica is gone it expires
 * like every other key of the store, and the next start makes a fresh one.
 */
export const CURSOR_KEY_TTL_MS = 24 * 60 * 60 * 1000;
const RENEW_EVERY_MS = 10 * 60 * 1000;

/** Creates the key if there is none (first replica wins), renews its TTL, and returns the key in Redis. */
const ADOPT = `
redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('GET', KEYS[1])`;

/**
 * The HMAC key of list cursors, shared by the replicas of one deployment through Redis, so that a client may
 * fetch page 1 from one replica and page 2 from another. Each renewal also re-reads the key: should it be
 * lost (flushed, evicted), every replica converges on the one made next, and cursors signed with the old key
 * are refused with the usual "list again without a cursor" error.
 */
export class SharedCursorKey {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly use: (key: Buffer) => void,
    private readonly renewEveryMs = RENEW_EVERY_MS,
  ) {}

  /** Adopts the shared key (creating it if needed), then keeps it renewed until {@link stop}. */
  async start(): Promise<void> {
    await this.adopt();
    this.timer = setInterval(() => void this.adopt().catch(() => {}), this.renewEveryMs);
    this.timer.unref(); // never what keeps the process alive
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async adopt(): Promise<void> {
    const mine = randomBytes(32).toString('base64url');
    const current = (await this.redis.eval(ADOPT, 1, this.key, mine, String(CURSOR_KEY_TTL_MS))) as string;
    this.use(Buffer.from(current, 'base64url'));
  }
}
