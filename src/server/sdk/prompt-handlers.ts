import { performance } from 'node:perf_hooks';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  McpError,
  type GetPromptResult,
} from '@modelcontextprotocol/sdk/types.js';
import { safeName } from '../../validation/schema-validator';
import type { Call } from '../pipeline/types';
import { grants } from '../sdk-adapter';
import type { HandlerDeps } from './handler-deps';
import { succeeded, toProtocolError } from './protocol-error';

/** `prompts/list` (filtered by scopes) and `prompts/get` (through the prompt's pipeline). */
export function registerPromptHandlers(server: Server, deps: HandlerDeps): void {
  const { catalog } = deps;
  server.setRequestHandler(ListPromptsRequestSchema, async (_request, extra) => {
    const principal = deps.principalOf(extra);
    return {
      prompts: [...catalog.prompts.values()]
        .filter((p) => grants(principal, p.definition.scopes))
        .map((p) => p.listing),
    };
  });

  server.setRequestHandler(GetPromptRequestSchema, async (request, extra): Promise<GetPromptResult> => {
    const prompt = catalog.prompts.get(request.params.name);
    if (!prompt)
      throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${safeName(request.params.name)}`);
    const call: Call = {
      tool: prompt,
      ctx: deps.contextFor(prompt.name, extra, request.params._meta?.progressToken, {
        dto: prompt.definition.input,
        value: () => call.input,
      }),
      startedAt: performance.now(),
      args: request.params.arguments ?? {},
    };
    await deps.runCall(call);
    if (!succeeded(call)) throw toProtocolError(call);
    return call.result as GetPromptResult;
  });
}
