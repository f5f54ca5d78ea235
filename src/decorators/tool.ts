import { TOOL_OPTIONS } from '../metadata/keys';
import { registerToolClass } from '../metadata/registry';
import type { Class, ToolOptions } from '../metadata/types';
import { assertLegacyDecorator, explainStandardDecoratorCrash } from './standard-decorators';

explainStandardDecoratorCrash();

/**
 * Declares a class as an MCP tool. The class needs an `execute(input, ctx)` method; its constructor
 * parameters are injected. Importing the class is enough for implicit discovery.
 *
 * @example
 * ```ts
 * @Tool({ name: 'echo', description: 'Echo a message', input: EchoInput })
 * class EchoTool { execute(input: EchoInput) { return input.message; } }
 * ```
 */
export function Tool(options: ToolOptions): ClassDecorator {
  // `context` is only passed by standard (TC39) decorators: a project compiled without experimentalDecorators.
  return (target: Function, context?: unknown) => {
    assertLegacyDecorator('Tool', context);
    Reflect.defineMetadata(TOOL_OPTIONS, { ...options }, target);
    registerToolClass(target as unknown as Class);
  };
}
