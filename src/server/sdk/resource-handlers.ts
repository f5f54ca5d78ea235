import { performance } from 'node:perf_hooks';
import type { Call } from '../pipeline/types';
import type { RuntimeResource } from '../runtime-tool';
import { grants } from '../sdk-adapter';
import type { LineServer } from '../sdk-lines/types';
import type { HandlerDeps, RequestExtra } from './handler-deps';
import { RESOURCE_NOT_FOUND, succeeded, toProtocolError } from './protocol-error';

/** A resource as `resources/list` shows it. */
interface Resource {
  uri: string;
  name: string;
  [key: string]: unknown;
}
type WithUri = { params: { uri: string; _meta?: { progressToken?: string | number } } };

/**
 * `resources/list`, `resources/templates/list`, `resources/read`, `resources/subscribe` and `unsubscribe`.
 * Reads run the resource's pipeline (scopes, rate limit, decoding, guards, validation, audit, scrubbing);
 * listings show only what the caller's scopes allow.
 */
export function registerResourceHandlers(
  server: LineServer,
  deps: HandlerDeps,
  subscriptions: Set<string>,
): void {
  const { catalog, line } = deps;
  const visible = (extra: RequestExtra) => {
    const principal = deps.principalOf(extra);
    return [...catalog.resources.values()].filter((r) => grants(principal, r.definition.scopes));
  };

  server.onRequest('resources/list', async (request, extra) => {
    const resources: Resource[] = [];
    for (const r of visible(extra)) {
      if (r.definition.uri) resources.push(r.listing as Resource);
      else resources.push(...(await listTemplate(r, deps, extra)));
    }
    const { items, nextCursor } = deps.page('resources/list', resources, request, extra);
    return { resources: items, ...(nextCursor ? { nextCursor } : {}) };
  });

  server.onRequest('resources/templates/list', async (request, extra) => {
    const templates = visible(extra).filter((r) => r.definition.uriTemplate);
    const { items, nextCursor } = deps.page('resources/templates/list', templates, request, extra);
    return {
      resourceTemplates: items.map((r) => r.listing as { name: string; uriTemplate: string }),
      ...(nextCursor ? { nextCursor } : {}),
    };
  });

  server.onRequest('resources/read', async (req, extra) => {
    const request = req as unknown as WithUri;
    const { uri } = request.params;
    const found = catalog.findResource(uri);
    if (!found) throw line.protocolError(RESOURCE_NOT_FOUND, 'Resource not found');
    const call: Call = {
      tool: found.resource,
      ctx: deps.contextFor(found.resource.name, extra, request.params._meta?.progressToken, {
        dto: found.resource.definition.input,
        value: () => call.input,
      }),
      startedAt: performance.now(),
      args: found.variables ?? {},
      uri,
    };
    await deps.runCall(call);
    if (!succeeded(call)) throw toProtocolError(line, call);
    return call.result as Record<string, unknown>;
  });

  // Subscribing needs what reading needs: the resource must exist, and its `subscribe` pipeline (scopes, rate
  // limit, audit) must let it through. Unsubscribing is audited and never refused.
  const subscription =
    (operation: 'subscribe' | 'unsubscribe') => async (req: unknown, extra: RequestExtra) => {
      const { uri } = (req as WithUri).params;
      const found = catalog.findResource(uri);
      if (!found) {
        if (operation === 'unsubscribe') return {}; // nothing to end
        throw line.protocolError(RESOURCE_NOT_FOUND, 'Resource not found');
      }
      const call: Call = {
        tool: found.resource,
        ctx: deps.contextFor(found.resource.name, extra),
        startedAt: performance.now(),
        args: {},
        uri,
        operation,
        perform: () => (operation === 'subscribe' ? subscriptions.add(uri) : subscriptions.delete(uri)),
      };
      await deps.runCall(call);
      if (!succeeded(call)) throw toProtocolError(line, call);
      return {};
    };
  server.onRequest('resources/subscribe', subscription('subscribe'));
  server.onRequest('resources/unsubscribe', subscription('unsubscribe'));
}

/**
 * The concrete resources a template's optional `list(ctx)` names, through the template's `list` pipeline
 * (audit with `action: 'list'`, rate limit, normalising and capping). A failure lists none (the server log and
 * the audit record say why); a denial (rate limit) refuses the whole listing, so the client knows to retry.
 */
async function listTemplate(
  resource: RuntimeResource,
  deps: HandlerDeps,
  extra: RequestExtra,
): Promise<Resource[]> {
  const ctx = deps.contextFor(resource.name, extra);
  const call: Call = {
    tool: resource,
    ctx,
    startedAt: performance.now(),
    args: {},
    operation: 'list',
    perform: () => {
      const instance = resource.createInstance(ctx) as { list?: (ctx: unknown) => unknown };
      return typeof instance.list === 'function' ? instance.list(ctx) : [];
    },
  };
  await deps.runCall(call);
  if (call.outcome === 'success') return (call.result as { resources: Resource[] }).resources;
  if (call.outcome === 'denied') throw toProtocolError(deps.line, call);
  ctx.logger.warn('list() of a resource template failed; its resources are not listed', {
    reason: call.reason,
  });
  return [];
}
