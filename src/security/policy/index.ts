export { checkPolicy, hostAllowed } from './check';
export { PolicyError } from './errors';
export { loadPolicyFile, loadProjectPolicy } from './load';
export { mergePolicies } from './merge';
export { resolveExtends } from './resolve';
export { policyProblems, validatePolicy, type ProblemOptions } from './validate';
export { weakenedRules, type RuleChange } from './weaken';
export {
  DEFAULT_MAX_SECRET_AGE_DAYS,
  LOCKABLE_RULES,
  type LockableRule,
  type PolicyWeakening,
  POLICY_FILE_NAME,
  type FailOn,
  type LoadedPolicy,
  type PolicyToolView,
  type PolicyViolation,
  type TeamPolicy,
} from './types';
