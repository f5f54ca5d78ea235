import { guardArguments as check } from '../../validation/argument-guard';
import type { StepFactory } from '../pipeline/types';

/** Size cap, depth cap and prototype-pollution keys, before any library sees the arguments. */
export const guardArguments: StepFactory = (_tool, server) => {
  const limits = server.argumentLimits;
  return async (call, next) => {
    check(call.args ?? {}, limits);
    await next();
  };
};
