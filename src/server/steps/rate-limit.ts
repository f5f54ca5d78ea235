import { CallDenied } from '../../errors';
import { denialMessage, retryAfterSeconds } from '../../security/rate-limit/message';
import { RateLimiter } from '../../security/rate-limit/rate-limiter';
import type { StepFactory } from '../pipeline/types';

/**
 * Consumes the tool's stacked limits before the arguments are even parsed; a denial never runs the tool and
 * tells the client when to retry (`_meta.retryAfterSeconds`).
 */
export const rateLimit: StepFactory = (tool, server) => {
  const limits = tool.definition.rateLimits.length
    ? tool.definition.rateLimits
    : (server.defaultRateLimits ?? []);
  if (limits.length === 0) return undefined;
  const check = server.container.resolve(RateLimiter).forTool(tool.name, limits);
  return async (call, next) => {
    const decision = await check(call.ctx);
    if (!decision.allowed) {
      throw new CallDenied(
        decision.reason === 'store-unavailable' ? 'rate-limit-store' : 'rate-limit',
        denialMessage(tool.name, decision),
        {
          meta: { retryAfterSeconds: retryAfterSeconds(decision) },
        },
      );
    }
    if (decision.failedOpen) call.reason = 'rate-limit-failed-open';
    await next();
  };
};
