import { performance } from 'node:perf_hooks';
import { Scrubber } from '../../security/secrets/scrubber';
import type { Call } from '../pipeline/types';
import type { RuntimeResource } from '../runtime-tool';
import { grants } from '../sdk-adapter';
import type { LineServer } from '../sdk-lines/types';
import type { HandlerDeps, RequestExtra } from './handler-deps';
import { RESOURCE_NOT_FOUND, succeeded, toProtocolError } from './protocol-error';

const MAX_LISTED_PER_TEMPLATE = 1000;

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
  const { catalog, runtime, line } = deps;
  const scrubber = runtime.container.resolve(Scrubber);
  const visible = (extra: RequestExtra) => {
    const principal = deps.principalOf(extra);
    return [...catalog.resources.values()].filter((r) => grants(principal, r.definition.scopes));
  };

  server.onRequest('resources/list', async (_request, extra) => {
    const resources: Resource[] = [];
    for (const r of visible(extra)) {
      if (r.definition.uri) resources.push(r.listing as Resource);
      else resources.push(...(await listTemplate(r, deps, extra, scrubber)));
    }
    return { resources };
  });

  server.onRequest('resources/templates/list', async (_request, extra) => ({
    resourceTemplates: visible(extra)
      .filter((r) => r.definition.uriTemplate)
      .map((r) => r.listing as { name: string; uriTemplate: string }),
  }));

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

  // Subscribing needs what reading needs: the resource must exist and the caller's scopes must allow it.
  server.onRequest('resources/subscribe', async (req, extra) => {
    const request = req as unknown as WithUri;
    const found = catalog.findResource(request.params.uri);
    if (!found || !grants(deps.principalOf(extra), found.resource.definition.scopes)) {
      throw line.protocolError(RESOURCE_NOT_FOUND, 'Resource not found');
    }
    subscriptions.add(request.params.uri);
    return {};
  });

  server.onRequest('resources/unsubscribe', async (request) => {
    subscriptions.delete((request as unknown as WithUri).params.uri);
    return {};
  });
}

/** The concrete resources a template's optional `list(ctx)` names (scrubbed, capped; a failure lists none). */
async function listTemplate(
  resource: RuntimeResource,
  deps: HandlerDeps,
  extra: RequestExtra,
  scrubber: Scrubber,
): Promise<Resource[]> {
  const ctx = deps.contextFor(resource.name, extra);
  const instance = resource.createInstance(ctx) as { list?: (ctx: unknown) => unknown };
  if (typeof instance.list !== 'function') return [];
  try {
    const listed = await instance.list(ctx);
    if (!Array.isArray(listed)) return [];
    const mimeType = resource.definition.mimeType;
    return listed
      .filter((e): e is Resource => !!e && typeof e.uri === 'string' && typeof e.name === 'string')
      .slice(0, MAX_LISTED_PER_TEMPLATE)
      .map((e) => scrubber.scrubDeep({ ...(mimeType ? { mimeType } : {}), ...e }) as Resource);
  } catch (error) {
    ctx.logger.warn('list() of a resource template failed; its resources are not listed', {
      error: (error as Error).message,
    });
    return [];
  }
}
