import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../audit/audit-log';
import type { ScopeShortfall } from './scope-challenge';
import type { SecretByName } from './verify-token';

/** What `listenHttp` needs from the server it serves, gathered once by `createServer`. */
export interface HttpServices {
  /** Each tool's `@Scopes` (for `scopes_supported` and the step-up 403). */
  toolScopes: ReadonlyMap<string, readonly string[]>;
  /** Resolves a secret by name like `@Secret` (the introspection client secret). */
  secretByName: SecretByName;
  /** The server's audit log: a step-up 403 is a denial and is recorded like one. */
  auditLog: AuditLog;
}

/** The audit record of a `tools/call` refused with 403 `insufficient_scope` before it reached the session. */
export function auditScopeDenial(
  log: AuditLog,
  shortfall: ScopeShortfall,
  principal: string,
  sessionId: string | undefined,
): void {
  log.write({
    auditId: randomUUID(),
    tool: shortfall.tool,
    principal,
    sessionId: sessionId ?? '',
    requestId: shortfall.requestId,
    outcome: 'denied',
    reason: 'scope',
    durationMs: 0,
  });
}
