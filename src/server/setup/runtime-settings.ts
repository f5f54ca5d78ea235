import type { RateLimitOptions } from '../../metadata/types';
import { DEFAULT_SAMPLING_LIMITS } from '../client/client-features';
import type { ServerOptions } from '../options';
import type { ServerRuntime } from '../server-runtime';

/** The plain settings steps and handlers read from the {@link ServerRuntime}, worked out once from the options. */
export function runtimeSettings(
  options: ServerOptions,
): Pick<ServerRuntime, 'auditAll' | 'defaultRateLimits' | 'samplingLimits'> {
  const defaults = options.rateLimit?.default;
  const sampling = options.sampling?.rateLimit;
  return {
    auditAll: options.audit?.all === true,
    ...(defaults !== undefined ? { defaultRateLimits: list(defaults) } : {}),
    samplingLimits:
      sampling === undefined ? DEFAULT_SAMPLING_LIMITS : sampling === false ? [] : list(sampling),
  };
}

function list(limits: RateLimitOptions | readonly RateLimitOptions[]): readonly RateLimitOptions[] {
  return Array.isArray(limits) ? limits : [limits as RateLimitOptions];
}
