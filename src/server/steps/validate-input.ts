import type { StepFactory } from '../pipeline/types';

/** class-transformer + class-validator: the tool receives a validated DTO instance or is not called. */
export const validateInput: StepFactory = (tool) => async (call, next) => {
  call.input = await tool.validateInput(call.args ?? {});
  await next();
};
