import { NotWiredError } from './not-wired';

/**
 * ADAPTER (lead: point at `verifyAuditLog(path)` of `src/audit/` when merging).
 */
export type AuditLogVerification =
  | { ok: true; records: number }
  | { ok: false; records: number; line: number; reason: string; auditId?: string };

export type VerifyAuditLog = (file: string) => Promise<AuditLogVerification>;

export const verifyAuditLog: VerifyAuditLog = async () => {
  throw new NotWiredError('audit log verification (src/audit)');
};
