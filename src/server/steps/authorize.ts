import { CallDenied } from '../../errors';
import type { StepFactory } from '../pipeline/types';

/**
 * Scopes: a caller whose principal carries scopes (HTTP with a token) must hold every scope the tool declares.
 * Principals without a scope list (stdio, the local user) are not scope-checked.
 */
export const authorize: StepFactory = (tool) => {
  const needed = tool.definition.scopes;
  if (needed.length === 0) return undefined;
  return async (call, next) => {
    const granted = call.ctx.principal.scopes;
    if (granted) {
      const missing = needed.filter((s) => !granted.includes(s));
      if (missing.length > 0) {
        throw new CallDenied('scope', `calling ${tool.name} requires the scope(s) ${missing.join(', ')}`);
      }
    }
    await next();
  };
};
