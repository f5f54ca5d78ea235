import { performance } from 'node:perf_hooks';
import { safeName } from '../../validation/schema-validator';
import type { Call } from '../pipeline/types';
import { ErrorCodes as ErrorCode } from '../sdk-lines/error-codes';
import type { LineServer } from '../sdk-lines/types';
import type { HandlerDeps } from './handler-deps';
import { RESOURCE_NOT_FOUND, toProtocolError } from './protocol-error';

const MAX_PREFIX = 1024;
const NO_COMPLETIONS = { completion: { values: [], hasMore: false } };

/**
 * `completion/complete` for prompt arguments (`ref/prompt`) and template variables (`ref/resource`), answered by
 * the class's optional `complete(field, prefix, ctx)`. The request runs the capability's `complete` pipeline
 * (see `OPERATIONS` in `order.ts`): scopes, a rate limit in its own bucket (`complete:<kind>:<name>`), an audit
 * record (`action: 'complete'`, the prefix as the field's argument, redacted when `@Sensitive`); values are
 * strings, at most 100, scrubbed at the door. A denial is a JSON-RPC error; a `complete()` that fails answers no
 * values (recorded as a failure).
 */
export function registerCompletionHandler(server: LineServer, deps: HandlerDeps): void {
  const { catalog, line } = deps;

  server.onRequest('completion/complete', async (req, extra) => {
    const request = req as unknown as {
      params: {
        ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };
        argument: { name: string; value: string };
      };
    };
    const { ref, argument } = request.params;
    const target = ref.type === 'ref/prompt' ? catalog.prompts.get(ref.name) : catalog.findTemplate(ref.uri);
    if (!target) {
      throw ref.type === 'ref/prompt'
        ? line.protocolError(ErrorCode.InvalidParams, `Unknown prompt: ${safeName(ref.name)}`)
        : line.protocolError(RESOURCE_NOT_FOUND, 'Resource template not found');
    }
    if (!target.fields.includes(argument.name)) {
      throw line.protocolError(
        ErrorCode.InvalidParams,
        `${target.kind} ${target.name} has no argument ${safeName(argument.name)}`,
      );
    }
    if (argument.value.length > MAX_PREFIX) {
      throw line.protocolError(
        ErrorCode.InvalidParams,
        `completion value longer than ${MAX_PREFIX} characters`,
      );
    }
    const ctx = deps.contextFor(target.name, extra, undefined, {
      dto: target.definition.input,
      value: () => undefined,
    });
    const call: Call = {
      tool: target,
      ctx,
      startedAt: performance.now(),
      args: { [argument.name]: argument.value },
      ...(ref.type === 'ref/resource' ? { uri: ref.uri } : {}),
      operation: 'complete',
      perform: () => {
        const instance = target.createInstance(ctx) as {
          complete?: (field: string, prefix: string, ctx: unknown) => unknown;
        };
        return typeof instance.complete === 'function'
          ? instance.complete(argument.name, argument.value, ctx)
          : [];
      },
    };
    await deps.runCall(call);
    if (call.outcome === 'success') return call.result as Record<string, unknown>;
    if (call.outcome === 'denied') throw toProtocolError(line, call);
    ctx.logger.warn('complete() failed; no completions sent', { reason: call.reason });
    return NO_COMPLETIONS;
  });
}
