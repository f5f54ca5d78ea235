import { performance } from 'node:perf_hooks';
import { safeName } from '../../validation/schema-validator';
import type { Call } from '../pipeline/types';
import { grants } from '../sdk-adapter';
import { ErrorCodes as ErrorCode } from '../sdk-lines/error-codes';
import type { LineRequest, LineServer } from '../sdk-lines/types';
import type { HandlerDeps } from './handler-deps';
import { succeeded, toProtocolError } from './protocol-error';

/** `prompts/list` (filtered by scopes) and `prompts/get` (through the prompt's pipeline). */
export function registerPromptHandlers(server: LineServer, deps: HandlerDeps): void {
  const { catalog, line } = deps;
  server.onRequest('prompts/list', async (request, extra) => {
    const principal = deps.principalOf(extra);
    const visible = [...catalog.prompts.values()].filter((p) => grants(principal, p.definition.scopes));
    const { items, nextCursor } = deps.page('prompts/list', visible, request, extra);
    return { prompts: items.map((p) => p.listing), ...(nextCursor ? { nextCursor } : {}) };
  });

  server.onRequest('prompts/get', async (req, extra) => {
    const request = req as LineRequest & {
      params: {
        name: string;
        arguments?: Record<string, string>;
        _meta?: { progressToken?: string | number };
      };
    };
    const prompt = catalog.prompts.get(request.params.name);
    if (!prompt)
      throw line.protocolError(ErrorCode.InvalidParams, `Unknown prompt: ${safeName(request.params.name)}`);
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
    if (!succeeded(call)) throw toProtocolError(line, call);
    return call.result as Record<string, unknown>;
  });
}
