import { decodeVariables } from '../resources/decode-variables';
import type { StepFactory } from '../pipeline/types';

/**
 * A resource template's variables arrive percent-encoded; they are decoded once here, before the argument
 * guard and DTO validation, so every later check (`@IsSafePath`, `SafeFs`) sees what the URI really names.
 */
export const decodeUriVariables: StepFactory = (resource) => {
  if (resource.kind !== 'resource' || !resource.definition.hasParams) return undefined;
  return async (call, next) => {
    call.args = decodeVariables(call.args ?? {}, resource.name);
    await next();
  };
};
