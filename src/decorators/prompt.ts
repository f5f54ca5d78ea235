import { PROMPT_OPTIONS } from '../metadata/keys';
import { registerClass } from '../metadata/registry';
import type { Class, PromptOptions } from '../metadata/types';

/**
 * Declares a class as an MCP prompt: `render(args, ctx)` receives the validated `args` DTO and returns a string
 * (one user message), an array of messages, or `{ description?, messages }`. Rendering goes through the same
 * guards as tool calls.
 *
 * @example
 * ```ts
 * @Prompt({ name: 'summarize', description: 'Summarize a topic', args: SummarizeArgs })
 * class Summarize { render(args: SummarizeArgs) { return `Summarize ${args.topic}`; } }
 * ```
 */
export function Prompt(options: PromptOptions): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(PROMPT_OPTIONS, { ...options }, target);
    registerClass('prompt', target as unknown as Class);
  };
}
