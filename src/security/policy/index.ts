export { checkPolicy, hostAllowed } from './check';
export { PolicyError } from './errors';
export { loadPolicyFile, loadProjectPolicy } from './load';
export { mergePolicies } from './merge';
export { resolveExtends } from './resolve';
export { policyProblems, validatePolicy } from './validate';
export {
  DEFAULT_MAX_SECRET_AGE_DAYS,
  POLICY_FILE_NAME,
  type FailOn,
  type LoadedPolicy,
  type PolicyToolView,
  type PolicyViolation,
  type TeamPolicy,
} from './types';
