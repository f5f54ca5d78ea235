import { RESOURCE_OPTIONS } from '../metadata/keys';
import { registerClass } from '../metadata/registry';
import type { Class, ResourceOptions } from '../metadata/types';

/**
 * Declares a class as an MCP resource: a fixed `uri` with `read(ctx)`, or a `uriTemplate` whose variables are
 * validated as the `params` DTO and passed to `read(params, ctx)`. Resources are read-only (no `@ReadOnly`
 * needed) and go through the same guards as tool calls: scopes, rate limits, validation, audit, scrubbing.
 *
 * @example
 * ```ts
 * @Resource({ uri: 'docs://index', name: 'index', mimeType: 'text/plain' })
 * class DocIndex { read() { return 'index'; } }
 * ```
 */
export function Resource(options: ResourceOptions): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(RESOURCE_OPTIONS, { ...options }, target);
    registerClass('resource', target as unknown as Class);
  };
}
