import type { Logger } from '../../logging/logger';
import type { RateLimitFailMode } from './types';

/** While the store stays down, repeat the warning at most this often (calls may fail thousands of times a second). */
const REPEAT_MS = 30_000;

/**
 * Reports store outages to the operator: a warning when the store stops answering, a reminder every
 * {@link REPEAT_MS} with the number of affected calls, and a notice when it answers again.
 * It goes through the server logger only (stderr/files): stdout belongs to the MCP protocol.
 */
export class OutageLog {
  private down = false;
  private lastWarnAt = 0;
  private failures = 0;

  constructor(
    private readonly logger: Logger | undefined,
    private readonly failMode: RateLimitFailMode,
  ) {}

  failed(err: unknown): void {
    this.failures++;
    const now = Date.now();
    if (this.down && now - this.lastWarnAt < REPEAT_MS) return;
    const consequence =
      this.failMode === 'failOpen'
        ? 'calls are ALLOWED without rate limiting (failOpen)'
        : 'rate-limited calls are DENIED (failClosed)';
    this.logger?.warn(`rate-limit store unavailable: ${describe(err)}; ${consequence}`, {
      component: 'rate-limit',
      failMode: this.failMode,
      failures: this.failures,
    });
    this.down = true;
    this.lastWarnAt = now;
  }

  /** Called after a store answered; cheap when nothing was wrong. */
  ok(): void {
    if (!this.down) return;
    this.logger?.info(`rate-limit store reachable again after ${this.failures} failed operations`, {
      component: 'rate-limit',
    });
    this.down = false;
    this.failures = 0;
  }

  /** A refund that could not be written: the bucket stays fuller than it should until its window ends. */
  refundFailed(err: unknown): void {
    this.logger?.warn(
      `rate-limit refund failed: ${describe(err)}; the limit is stricter until the window ends`,
      {
        component: 'rate-limit',
      },
    );
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
