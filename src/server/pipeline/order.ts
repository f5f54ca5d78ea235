import { authorize } from '../steps/authorize';
import { guardArguments } from '../steps/guard-arguments';
import { invoke } from '../steps/invoke';
import { mapErrors } from '../steps/map-errors';
import { mapResult } from '../steps/map-result';
import { readOnlyGate } from '../steps/read-only-gate';
import { validateInput } from '../steps/validate-input';
import type { StepFactory } from './types';

/**
 * The order of a `tools/call`, outermost first. This list is the only place that knows it. Steps that do not
 * apply to a tool are left out of that tool's pipeline at start-up.
 */
export const PIPELINE: readonly StepFactory[] = [
  mapErrors, // every failure below becomes a result with an outcome
  readOnlyGate,
  authorize,
  guardArguments,
  validateInput,
  mapResult,
  invoke,
];
