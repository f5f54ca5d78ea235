import { audit } from '../steps/audit';
import { authorize } from '../steps/authorize';
import { confirm } from '../steps/confirm';
import { followClientRoots } from '../steps/follow-client-roots';
import { guardArguments } from '../steps/guard-arguments';
import { invoke } from '../steps/invoke';
import { mapErrors } from '../steps/map-errors';
import { mapResult } from '../steps/map-result';
import { rateLimit } from '../steps/rate-limit';
import { recordUsage } from '../steps/record-usage';
import { readOnlyGate } from '../steps/read-only-gate';
import { scrubOutput } from '../steps/scrub-output';
import { validateInput } from '../steps/validate-input';
import type { StepFactory } from './types';

/**
 * The order of a `tools/call`, outermost first. This list is the only place that knows it. Steps that do not
 * apply to a tool are left out of that tool's pipeline at start-up.
 */
export const PIPELINE: readonly StepFactory[] = [
  recordUsage, // last-call time for the "unused servers" audit
  audit, // records every outcome below, denials of every tool included
  scrubOutput, // known secret values never leave in results or error messages
  mapErrors, // every failure below becomes an isError result with an outcome
  readOnlyGate,
  authorize,
  rateLimit, // before parsing: a flood of bad calls is limited too
  guardArguments,
  validateInput,
  confirm, // the human approves the validated call (@Confirm) before anything runs
  followClientRoots, // SafeFs confined to this session's client roots
  mapResult,
  invoke,
];
