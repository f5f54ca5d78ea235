import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../audit/audit-log';
import type { SecretResolver } from '../../security/secrets/resolver';
import type { Catalog } from '../catalog';
import type { SdkLine } from '../sdk-lines/types';
import type { ScopedTarget, ScopeShortfall } from './scope-challenge';
import type { SessionHostOptions } from './session-host';
import type { SecretByName } from './verify-token';

/** What `listenHttp` needs from the server it serves, gathered once by `createServer`. */
export interface HttpServices {
  /** The scoped capability a request addresses (for the step-up 403), read live from the catalog. */
  scopedTarget: ScopedTarget;
  /** Every scope any served tool, resource or prompt declares (`scopes_supported`), read live. */
  allScopes(): readonly string[];
  /** The server's name (the default Redis key prefix of a shared session store). */
  serverName: string;
  /** Signs list cursors with the key the replicas share (a shared store only): pages may come from any. */
  useCursorKey?: (key: Buffer) => void;
  /** Resolves a secret by name like `@Secret` (the introspection client secret). */
  secretByName: SecretByName;
  /** The server's audit log: a step-up 403 is a denial and is recorded like one. */
  auditLog: AuditLog;
  /** The server's outgoing door, for messages sent outside any SDK server (resource updates across replicas). */
  guardOutgoing?: SessionHostOptions['guardOutgoing'];
  /** Registers what runs on `server.notifyResourceUpdated(uri)` besides the local subscribers. */
  onResourceUpdated?: SessionHostOptions['onResourceUpdated'];
  /** The MCP SDK line the server runs on: its Streamable HTTP transport and protocol versions. */
  sdk: SdkLine;
}

/** The services of a server, read live from its catalog (capabilities can be added and removed). */
export function httpServices(
  catalog: Catalog,
  resolver: SecretResolver,
  auditLog: AuditLog,
): Omit<HttpServices, 'serverName' | 'sdk'> {
  return {
    scopedTarget: (method, params) => {
      const { name, uri } = params;
      if (method === 'tools/call' && typeof name === 'string') {
        const tool = catalog.tools.get(name);
        return tool && { name, action: `calling ${name}`, scopes: tool.definition.scopes };
      }
      if (method === 'prompts/get' && typeof name === 'string') {
        const prompt = catalog.prompts.get(name);
        return prompt && { name, action: `getting prompt ${name}`, scopes: prompt.definition.scopes };
      }
      if (method === 'resources/read' && typeof uri === 'string') {
        const resource = catalog.findResource(uri)?.resource;
        return (
          resource && {
            name: resource.name,
            action: `reading resource ${resource.name}`,
            scopes: resource.definition.scopes,
          }
        );
      }
      return undefined;
    },
    allScopes: () => {
      const all = [...catalog.tools.values(), ...catalog.resources.values(), ...catalog.prompts.values()];
      return [...new Set(all.flatMap((c) => c.definition.scopes))].sort();
    },
    secretByName: async (name, usedBy) =>
      (await resolver.resolveAll([{ name, tool: usedBy }])).get(name)!.reveal(),
    auditLog,
  };
}

/** The audit record of a request refused with 403 `insufficient_scope` before it reached the session. */
export function auditScopeDenial(
  log: AuditLog,
  shortfall: ScopeShortfall,
  principal: string,
  sessionId: string | undefined,
): void {
  log.write({
    auditId: randomUUID(),
    tool: shortfall.name,
    principal,
    sessionId: sessionId ?? '',
    requestId: shortfall.requestId,
    outcome: 'denied',
    reason: 'scope',
    durationMs: 0,
  });
}
