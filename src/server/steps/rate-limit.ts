import { CallDenied } from '../../errors';
import { denialMessage, retryAfterSeconds } from '../../security/rate-limit/message';
import { RateLimiter } from '../../security/rate-limit/rate-limiter';
import type { RateLimitOptions } from '../../metadata/types';
import type { Operation, StepFactory } from '../pipeline/types';

/**
 * Completions fire on keystrokes and listings and subscriptions cost the server work: without `@RateLimit` or a
 * server default, an operation gets this per-principal limit.
 */
export const DEFAULT_OPERATION_LIMIT: RateLimitOptions = { limit: 120, window: '1m' };

const OPERATION_LABEL: Record<Operation, string> = {
  complete: 'completions of',
  list: 'listings of',
  subscribe: 'subscriptions to',
  unsubscribe: 'unsubscriptions from',
};

/**
 * Consumes the tool's stacked limits before the arguments are even parsed; a denial never runs the tool and
 * tells the client when to retry (`_meta.retryAfterSeconds`).
 */
export const rateLimit: StepFactory = (tool, server, operation) => {
  const limits = tool.definition.rateLimits.length
    ? tool.definition.rateLimits
    : (server.defaultRateLimits ?? (operation ? [DEFAULT_OPERATION_LIMIT] : []));
  if (limits.length === 0) return undefined;
  // An operation has its own bucket: completions on keystrokes do not use up the reads.
  const bucket = operation ? `${operation}:${tool.kind}:${tool.name}` : tool.name;
  const label = operation ? `${OPERATION_LABEL[operation]} ${tool.name}` : tool.name;
  const check = server.container.resolve(RateLimiter).forTool(bucket, limits);
  return async (call, next) => {
    const decision = await check(call.ctx);
    if (!decision.allowed) {
      throw new CallDenied(
        decision.reason === 'store-unavailable' ? 'rate-limit-store' : 'rate-limit',
        denialMessage(label, decision),
        {
          meta: { retryAfterSeconds: retryAfterSeconds(decision) },
        },
      );
    }
    if (decision.failedOpen) call.reason = 'rate-limit-failed-open';
    await next();
  };
};
