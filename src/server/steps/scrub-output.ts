import { Scrubber } from '../../security/secrets/scrubber';
import type { StepFactory } from '../pipeline/types';

/**
 * Replaces every known secret value (and its common encodings) in the result with `[REDACTED]`, whether the
 * tool returned it on purpose or an error message carried it. Left out when the server resolved no secrets.
 */
export const scrubOutput: StepFactory = (_tool, server) => {
  const scrubber = server.container.resolve(Scrubber);
  if (scrubber.size === 0) return undefined;
  return async (call, next) => {
    await next();
    if (call.result) call.result = scrubber.scrubDeep(call.result) as typeof call.result;
  };
};
