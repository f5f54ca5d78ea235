import { audit } from '../steps/audit';
import { decodeUriVariables } from '../steps/decode-uri-variables';
import { authorize } from '../steps/authorize';
import { confirm } from '../steps/confirm';
import { followClientRoots } from '../steps/follow-client-roots';
import { guardArguments } from '../steps/guard-arguments';
import { invoke } from '../steps/invoke';
import { mapErrors } from '../steps/map-errors';
import { mapOperationResult } from '../steps/map-operation-result';
import { mapPromptMessages } from '../steps/map-prompt-messages';
import { mapResourceContents } from '../steps/map-resource-contents';
import { mapResult } from '../steps/map-result';
import { rateLimit } from '../steps/rate-limit';
import { recordUsage } from '../steps/record-usage';
import { readOnlyGate } from '../steps/read-only-gate';
import { shutdownGate } from '../steps/shutdown-gate';
import { telemetry } from '../steps/telemetry';
import { validateInput } from '../steps/validate-input';
import type { Operation, StepFactory } from './types';

/**
 * The order of a `tools/call`, `resources/read` and `prompts/get`, outermost first. This list is the only place
 * that knows it. Steps that do not apply to a capability (its kind, its decorators, the server's options) are
 * left out of its pipeline at start-up, so resources and prompts pass the same guards as tools. Secret scrubbing
 * is not a step: it happens where every message leaves a connection (`outgoing.ts`), so results, errors,
 * notifications and server→client requests pass it alike.
 */
export const PIPELINE: readonly StepFactory[] = [
  telemetry, // span and metrics of the call; outermost, so it sees the final outcome
  recordUsage, // last-call time for the "unused servers" audit
  audit, // records every outcome below, denials of every tool included
  mapErrors, // every failure below becomes an isError result with an outcome
  shutdownGate, // calls arriving during shutdown are refused; running ones get the grace period
  readOnlyGate,
  authorize,
  rateLimit, // before parsing: a flood of bad calls is limited too
  decodeUriVariables, // resource templates: percent-decoded once, so validation sees what the URI names
  guardArguments,
  validateInput,
  confirm, // the human approves the validated call (@Confirm) before anything runs
  followClientRoots, // SafeFs confined to this session's client roots
  mapResult, // tools
  mapResourceContents, // resources
  mapPromptMessages, // prompts
  invoke,
];

// Completions, subscriptions and template listings: the guards of a read, then the operation's work.
const GUARDED_OPERATION: readonly StepFactory[] = [
  telemetry,
  audit, // kind + action (`complete`, `list`, `subscribe`, `unsubscribe`)
  mapErrors,
  shutdownGate,
  authorize,
  rateLimit, // own bucket per operation (`complete:prompt:<name>`...), the capability's limits or a default
  mapOperationResult, // shapes, caps and normalises what the class returned, as the wire will read it
  invoke, // runs the operation's work under the capability's time budget
];

/**
 * The pipelines of the {@link Operation}s: built once per capability at start-up, beside its main pipeline.
 * Dropping a subscription is never refused (no scope or rate limit: it only ends work), but it is audited.
 */
export const OPERATIONS: Readonly<Record<Operation, readonly StepFactory[]>> = {
  complete: GUARDED_OPERATION,
  list: GUARDED_OPERATION,
  subscribe: GUARDED_OPERATION,
  unsubscribe: [telemetry, audit, mapErrors, mapOperationResult, invoke],
};
