import { StartupError } from '../errors';
import {
  checkMethod,
  checkTimeout,
  hasOwnOptions,
  NoArguments,
  presentation,
  readOwnOptions,
  readSharedFields,
} from './read-common';
import type { Class, ResourceDefinition, ResourceHandler, ResourceOptions } from './types';

/** True when the class carries `@Resource`. */
export function isResourceClass(target: unknown): target is Class<ResourceHandler> {
  return hasOwnOptions('resource', target);
}

/**
 * Reads a `@Resource` class into one {@link ResourceDefinition}. Resources are read-only whatever their
 * decorators say: a read has no business writing, and a read-only server still serves them.
 */
export function readResourceDefinition(target: Class): ResourceDefinition {
  const { options, name, owner } = readOwnOptions<ResourceOptions>(target, 'resource');
  const hasUri = typeof options.uri === 'string' && options.uri.length > 0;
  const hasTemplate = typeof options.uriTemplate === 'string' && options.uriTemplate.length > 0;
  if (hasUri === hasTemplate) throw new StartupError(`${owner}: set exactly one of uri or uriTemplate`);
  if (hasUri && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(options.uri!)) {
    throw new StartupError(`${owner}: uri must be an absolute URI with a scheme, e.g. docs://index`);
  }
  if (hasTemplate && typeof options.params !== 'function') {
    throw new StartupError(`${owner}: a uriTemplate needs a params DTO with one field per variable`);
  }
  if (hasUri && options.params !== undefined) {
    throw new StartupError(`${owner}: params is only for a uriTemplate`);
  }
  checkMethod(target, owner, 'read', hasTemplate ? 'read(params, ctx)' : 'read(ctx)');
  return {
    kind: 'resource',
    target,
    name,
    description: options.description ?? '',
    ...presentation(options),
    input: options.params ?? NoArguments,
    hasParams: hasTemplate,
    ...(hasUri ? { uri: options.uri } : { uriTemplate: options.uriTemplate }),
    ...(options.mimeType ? { mimeType: options.mimeType } : {}),
    ...(options.size !== undefined ? { size: options.size } : {}),
    ...(options.annotations ? { annotations: { ...options.annotations } } : {}),
    timeoutMs: checkTimeout(owner, options.timeoutMs),
    ...readSharedFields(target),
    readOnly: true,
  };
}
