import type { RateLimitOptions } from '../../metadata/types';
import { denialMessage, retryAfterSeconds } from '../../security/rate-limit/message';
import { RateLimiter } from '../../security/rate-limit/rate-limiter';
import type { RateLimitCheck } from '../../security/rate-limit/types';
import { Scrubber } from '../../security/secrets/scrubber';
import { safeName } from '../../validation/schema-validator';
import type { RuntimePrompt, RuntimeResource } from '../runtime-tool';
import { ErrorCodes as ErrorCode } from '../sdk-lines/error-codes';
import type { LineServer } from '../sdk-lines/types';
import { grants } from '../sdk-adapter';
import type { HandlerDeps } from './handler-deps';
import { RESOURCE_NOT_FOUND } from './protocol-error';

/** Completions fire on keystrokes: without `@RateLimit` or a server default, this per-principal limit applies. */
export const DEFAULT_COMPLETION_LIMIT: RateLimitOptions = { limit: 120, window: '1m' };
const MAX_VALUES = 100;
const MAX_PREFIX = 1024;

// One compiled check per capability, shared by every connection (compiled on the first completion).
const checks = new WeakMap<object, RateLimitCheck>();

/**
 * `completion/complete` for prompt arguments (`ref/prompt`) and template variables (`ref/resource`), answered by
 * the class's optional `complete(field, prefix, ctx)`. Scope-checked like a read, rate limited in its own bucket
 * (`complete:<kind>:<name>`) with the capability's limits; values are strings, scrubbed, at most 100.
 */
export function registerCompletionHandler(server: LineServer, deps: HandlerDeps): void {
  const { catalog, runtime, line } = deps;
  const limiter = runtime.container.resolve(RateLimiter);
  const scrubber = runtime.container.resolve(Scrubber);
  const defaults = runtime.defaultRateLimits ?? [DEFAULT_COMPLETION_LIMIT];
  const checkFor = (target: RuntimePrompt | RuntimeResource) => {
    let check = checks.get(target);
    if (!check) {
      const limits = target.definition.rateLimits.length ? target.definition.rateLimits : defaults;
      checks.set(target, (check = limiter.forTool(`complete:${target.kind}:${target.name}`, limits)));
    }
    return check;
  };

  server.onRequest('completion/complete', async (req, extra) => {
    const request = req as unknown as {
      params: {
        ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };
        argument: { name: string; value: string };
      };
    };
    const { ref, argument } = request.params;
    const target = ref.type === 'ref/prompt' ? catalog.prompts.get(ref.name) : catalog.findTemplate(ref.uri);
    const principal = deps.principalOf(extra);
    if (!target || !grants(principal, target.definition.scopes)) {
      throw ref.type === 'ref/prompt'
        ? line.protocolError(ErrorCode.InvalidParams, `Unknown prompt: ${safeName(ref.name)}`)
        : line.protocolError(RESOURCE_NOT_FOUND, 'Resource template not found');
    }
    if (!target.fields.includes(argument.name)) {
      throw line.protocolError(
        ErrorCode.InvalidParams,
        `${target.kind} ${target.name} has no argument ${safeName(argument.name)}`,
      );
    }
    if (argument.value.length > MAX_PREFIX) {
      throw line.protocolError(
        ErrorCode.InvalidParams,
        `completion value longer than ${MAX_PREFIX} characters`,
      );
    }
    const ctx = deps.contextFor(target.name, extra);
    const decision = await checkFor(target)(ctx);
    if (!decision.allowed) {
      throw line.protocolError(
        ErrorCode.InvalidRequest,
        denialMessage(`completions of ${target.name}`, decision),
        {
          reason: 'rate-limit',
          retryAfterSeconds: retryAfterSeconds(decision),
        },
      );
    }
    const instance = target.createInstance(ctx) as {
      complete?: (field: string, prefix: string, ctx: unknown) => unknown;
    };
    if (typeof instance.complete !== 'function') return { completion: { values: [], hasMore: false } };
    let values: unknown;
    try {
      values = await instance.complete(argument.name, argument.value, ctx);
    } catch (error) {
      ctx.logger.warn('complete() failed; no completions sent', { error: (error as Error).message });
      return { completion: { values: [], hasMore: false } };
    }
    const strings = (Array.isArray(values) ? values : []).filter((v): v is string => typeof v === 'string');
    return {
      completion: {
        values: strings.slice(0, MAX_VALUES).map((v) => scrubber.scrub(v)),
        total: strings.length,
        hasMore: strings.length > MAX_VALUES,
      },
    };
  });
}
