import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../audit/audit-log';
import type { SecretResolver } from '../../security/secrets/resolver';
import type { Catalog } from '../catalog';
import type { ScopeShortfall } from './scope-challenge';
import type { SecretByName } from './verify-token';

/** What `listenHttp` needs from the server it serves, gathered once by `createServer`. */
export interface HttpServices {
  /** A served tool's `@Scopes` (for the step-up 403), read live: tools can be added and removed at run time. */
  toolScopes(name: string): readonly string[] | undefined;
  /** Every scope any served tool, resource or prompt declares (`scopes_supported`), read live. */
  allScopes(): readonly string[];
  /** Resolves a secret by name like `@Secret` (the introspection client secret). */
  secretByName: SecretByName;
  /** The server's audit log: a step-up 403 is a denial and is recorded like one. */
  auditLog: AuditLog;
}

/** The services of a server, read live from its catalog (capabilities can be added and removed). */
export function httpServices(catalog: Catalog, resolver: SecretResolver, auditLog: AuditLog): HttpServices {
  return {
    toolScopes: (name) => catalog.tools.get(name)?.definition.scopes,
    allScopes: () => {
      const all = [...catalog.tools.values(), ...catalog.resources.values(), ...catalog.prompts.values()];
      return [...new Set(all.flatMap((c) => c.definition.scopes))].sort();
    },
    secretByName: async (name, usedBy) =>
      (await resolver.resolveAll([{ name, tool: usedBy }])).get(name)!.reveal(),
    auditLog,
  };
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
