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
import type { Class, PromptDefinition, PromptHandler, PromptOptions } from './types';

/** True when the class carries `@Prompt`. */
export function isPromptClass(target: unknown): target is Class<PromptHandler> {
  return hasOwnOptions('prompt', target);
}

/**
 * Reads a `@Prompt` class into one {@link PromptDefinition}. Rendering a prompt only produces text for the
 * client, so prompts count as read-only (a read-only server still serves them).
 */
export function readPromptDefinition(target: Class): PromptDefinition {
  const { options, name, owner } = readOwnOptions<PromptOptions>(target, 'prompt');
  if (options.args !== undefined && typeof options.args !== 'function') {
    throw new StartupError(`${owner}: args must be a DTO class`);
  }
  checkMethod(target, owner, 'render', 'render(args, ctx)');
  return {
    kind: 'prompt',
    target,
    name,
    description: options.description ?? '',
    ...presentation(options),
    input: options.args ?? NoArguments,
    timeoutMs: checkTimeout(owner, options.timeoutMs),
    ...readSharedFields(target),
    readOnly: true,
  };
}
