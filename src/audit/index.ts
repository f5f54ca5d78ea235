export {
  AUDIT_SELF_TOOL,
  AuditLog,
  DEFAULT_AUDIT_FILE,
  type AuditLogOptions,
  type AuditSinkOptions,
} from './audit-log';
export { canonicalJSON } from './canonical-json';
export { GENESIS_HASH, hashRecord } from './hash-chain';
export { AUDIT_OUTCOMES, type AuditEntry, type AuditOutcome, type AuditRecord } from './record';
export {
  readUsage,
  recordUsage,
  usageFile,
  UsageRecorder,
  USAGE_THROTTLE_MS,
  type UsageState,
} from './usage';
export {
  verifyAuditLog,
  type AuditProblemCode,
  type AuditVerifyOptions,
  type AuditVerifyResult,
} from './verify';
export type { AuditAnchorOptions } from './anchor';
export type { AuditRotateOptions } from './rotation';
