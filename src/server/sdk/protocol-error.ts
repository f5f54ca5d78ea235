import type { Call } from '../pipeline/types';
import { ErrorCodes as ErrorCode } from '../sdk-lines/error-codes';
import type { SdkLine } from '../sdk-lines/types';

/** The JSON-RPC code MCP gives "resource not found". */
export const RESOURCE_NOT_FOUND = ErrorCode.ResourceNotFound;

/**
 * `resources/read` and `prompts/get` have no `isError` result: a call that the pipeline ended as a failure or
 * denial becomes a JSON-RPC error carrying the same message and reason (scrubbed where it leaves, `outgoing.ts`).
 */
export function toProtocolError(line: SdkLine, call: Call): Error {
  const result = call.result as { content?: Array<{ text?: string }>; _meta?: Record<string, unknown> };
  const message = result?.content?.[0]?.text ?? `${call.tool.kind} ${call.tool.name} failed`;
  const code =
    call.reason === 'validation'
      ? ErrorCode.InvalidParams
      : call.outcome === 'denied'
        ? ErrorCode.InvalidRequest
        : call.reason === 'timeout'
          ? ErrorCode.RequestTimeout
          : ErrorCode.InternalError;
  return line.protocolError(code, message, { reason: call.reason ?? call.outcome, ...result?._meta });
}

/** True when the pipeline produced a normal result (not an error mapped to an `isError` tool result). */
export function succeeded(call: Call): boolean {
  return call.outcome === 'success' || call.outcome === undefined;
}
