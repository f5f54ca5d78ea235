import { createLogger, type Logger } from 'winston';
import Transport from 'winston-transport';
import type { ToolContext } from '../../../src/context';
import type { RateLimitCheck, RateLimitDecision } from '../../../src/security/rate-limit';

/** The parts of a ToolContext the rate limiter reads; the rest is never touched by it. */
export function ctx(
  principal: string,
  sessionId = 'session-1',
  extra: Partial<ToolContext> = {},
): ToolContext {
  return { principal: { id: principal }, sessionId, ...extra } as ToolContext;
}

/** Fires `n` calls at once (not one after another) and returns their decisions. */
export function burst(check: RateLimitCheck, n: number, context: ToolContext): Promise<RateLimitDecision[]> {
  return Promise.all(Array.from({ length: n }, () => check(context)));
}

export function allowedCount(decisions: RateLimitDecision[]): number {
  return decisions.filter((d) => d.allowed).length;
}

/** A settable clock for the `clock` option. */
export function fakeClock(start: number): {
  now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
} {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A real winston logger whose records land in an array (and nowhere else). */
export function captureLogger(): { logger: Logger; records: Array<{ level: string; message: string }> } {
  const records: Array<{ level: string; message: string }> = [];
  class Capture extends Transport {
    override log(info: { level: string; message: string }, next: () => void): void {
      records.push({ level: info.level, message: info.message });
      next();
    }
  }
  return { logger: createLogger({ level: 'debug', transports: [new Capture()] }), records };
}
