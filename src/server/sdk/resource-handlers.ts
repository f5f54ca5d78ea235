import { performance } from 'node:perf_hooks';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ReadResourceResult,
  type Resource,
} from '@modelcontextprotocol/sdk/types.js';
import { Scrubber } from '../../security/secrets/scrubber';
import type { Call } from '../pipeline/types';
import type { RuntimeResource } from '../runtime-tool';
import { grants } from '../sdk-adapter';
import type { HandlerDeps, RequestExtra } from './handler-deps';
import { RESOURCE_NOT_FOUND, succeeded, toProtocolError } from './protocol-error';

const MAX_LISTED_PER_TEMPLATE = 1000;

/**
 * `resources/list`, `resources/templates/list`, `resources/read`, `resources/subscribe` and `unsubscribe`.
 * Reads run the resource's pipeline (scopes, rate limit, decoding, guards, validation, audit, scrubbing);
 * listings show only what the caller's scopes allow.
 */
export function registerResourceHandlers(
  server: Server,
  deps: HandlerDeps,
  subscriptions: Set<string>,
): void {
  const { catalog, runtime } = deps;
  const scrubber = runtime.container.resolve(Scrubber);
  const visible = (extra: RequestExtra) => {
    const principal = deps.principalOf(extra);
    return [...catalog.resources.values()].filter((r) => grants(principal, r.definition.scopes));
  };

  server.setRequestHandler(ListResourcesRequestSchema, async (_request, extra) => {
    const resources: Resource[] = [];
    for (const r of visible(extra)) {
      if (r.definition.uri) resources.push(r.listing as Resource);
      else resources.push(...(await listTemplate(r, deps, extra, scrubber)));
    }
    return { resources };
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, async (_request, extra) => ({
    resourceTemplates: visible(extra)
      .filter((r) => r.definition.uriTemplate)
      .map((r) => r.listing as { name: string; uriTemplate: string }),
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra): Promise<ReadResourceResult> => {
    const { uri } = request.params;
    const found = catalog.findResource(uri);
    if (!found) throw new McpError(RESOURCE_NOT_FOUND, 'Resource not found');
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
    if (!succeeded(call)) throw toProtocolError(call);
    return call.result as ReadResourceResult;
  });

  // Subscribing needs what reading needs: the resource must exist and the caller's scopes must allow it.
  server.setRequestHandler(SubscribeRequestSchema, async (request, extra) => {
    const found = catalog.findResource(request.params.uri);
    if (!found || !grants(deps.principalOf(extra), found.resource.definition.scopes)) {
      throw new McpError(RESOURCE_NOT_FOUND, 'Resource not found');
    }
    subscriptions.add(request.params.uri);
    return {};
  });

  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscriptions.delete(request.params.uri);
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
