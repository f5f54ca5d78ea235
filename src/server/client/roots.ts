import type { AuditLog } from '../../audit/audit-log';
import type { ClientRoot } from '../../client-context';
import { clientRequest, type ClientLink, type RequestOrigin } from './client-request';

/**
 * The client's roots (`roots/list`), asked once per session and again after
 * `notifications/roots/list_changed`. The request that triggers the fetch is the one the audit record links to.
 */
export function clientRoots(link: ClientLink, origin: RequestOrigin, audit: AuditLog): Promise<ClientRoot[]> {
  return link.session.roots(async () => {
    const result = await clientRequest<{ roots: ClientRoot[] }>(link, origin, audit, {
      capability: 'roots',
      method: 'roots/list',
      params: {},
      auditArgs: {},
      describe: (r) => ({ outcome: 'success', reason: `${r.roots.length} roots` }),
    });
    return result.roots.map((r) => ({ uri: r.uri, ...(r.name ? { name: r.name } : {}) }));
  });
}
