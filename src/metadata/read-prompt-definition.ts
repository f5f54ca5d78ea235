import { StartupError } from '../errors';
import { PROMPT_OPTIONS } from './keys';
import {
  checkMethod,
  checkName,
  checkTimeout,
  NoArguments,
  ownerLabel,
  presentation,
  readSharedFields,
} from './read-common';
import type { Class, PromptDefinition, PromptHandler, PromptOptions } from './types';

/** True when the class carries `@Prompt`. */
export function isPromptClass(target: unknown): target is Class<PromptHandler> {
  return typeof target === 'function' && Reflect.hasOwnMetadata(PROMPT_OPTIONS, target);
}

/**
 * Reads a `@Prompt` class into one {@link PromptDefinition}. Rendering a prompt only produces text for the
 * client, so prompts count as read-only (a read-only server still serves them).
 */
export function readPromptDefinition(target: Class): PromptDefinition {
  const options: PromptOptions | undefined = Reflect.getOwnMetadata(PROMPT_OPTIONS, target);
  if (!options) {
    throw new StartupError(
      `${target.name || '<anonymous class>'} is not a prompt: add @Prompt({ name, args })`,
    );
  }
  const name = checkName(target, 'prompt', options.name);
  const owner = ownerLabel(target, 'prompt', name);
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
