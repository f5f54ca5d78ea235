import type { Transport } from './sdk-lines/mcp-types';
import type { JSONRPCMessage, MessageExtraInfo } from './sdk-lines/mcp-types';
import { ErrorCodes as ErrorCode } from './sdk-lines/error-codes';

const FORBIDDEN_TOP_LEVEL = ['__proto__', 'constructor', 'prototype'];

interface ToolCallMessage {
  method?: string;
  id?: string | number;
  params?: { arguments?: unknown };
}

/**
 * Looks at `tools/call` messages before the SDK parses them, for two things the SDK handles poorly:
 * - `arguments` that is not an object (null, an array, a string): the SDK answers with an internal error
 *   holding a raw validation dump; we answer `InvalidParams` with a sentence.
 * - a top-level `__proto__` / `constructor` / `prototype` key: the SDK's re-parse drops `__proto__` silently,
 *   so the pipeline would never see the attempt. The raw arguments are handed to the argument guard, which
 *   refuses the call (and the refusal is audited like any other).
 *
 * The raw arguments are not kept in a table that some ending would have to empty (an unknown tool, a request
 * the SDK rejects, a cancellation, a closed transport...): they hang in a WeakMap off a fresh `requestInfo`
 * object that the SDK hands, by identity, to this request's handler and to nothing else. When the request
 * ends, whatever way, nothing refers to that object and the entry goes with it.
 */
export function screenToolCalls(transport: Transport): {
  transport: Transport;
  /** The raw arguments of a suspicious call, from the handler's `extra`. */
  rawArguments(extra: { requestKey?: object }): Record<string, unknown> | undefined;
} {
  const suspicious = new WeakMap<object, Record<string, unknown>>();
  /** The extra info to pass on, or undefined when the message was answered here and must not reach the SDK. */
  const screen = (
    message: ToolCallMessage,
    extra: MessageExtraInfo | undefined,
  ): { extra: MessageExtraInfo | undefined } | undefined => {
    if (message.method !== 'tools/call' || message.id === undefined) return { extra };
    const args = message.params?.arguments;
    if (args === undefined) return { extra };
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      const kind = args === null ? 'null' : Array.isArray(args) ? 'an array' : `a ${typeof args}`;
      void transport.send({
        jsonrpc: '2.0',
        id: message.id,
        error: {
          code: ErrorCode.InvalidParams,
          message: `tools/call arguments must be a JSON object, not ${kind}`,
        },
      } as JSONRPCMessage);
      return undefined;
    }
    if (FORBIDDEN_TOP_LEVEL.some((k) => Object.prototype.hasOwnProperty.call(args, k))) {
      // Same content as the transport's (headers, url), new identity: the key of this request's entry.
      // 1.x hands the handler `requestInfo` by identity, 2.x `request`: the same fresh key under both names.
      const requestInfo = { headers: {}, ...extra?.requestInfo };
      suspicious.set(requestInfo, args as Record<string, unknown>);
      return { extra: { ...extra, requestInfo, request: requestInfo } as MessageExtraInfo };
    }
    return { extra };
  };
  const wrapped = new Proxy(transport, {
    set(target, property, value) {
      if (property === 'onmessage' && typeof value === 'function') {
        target.onmessage = (message, extra) => {
          const pass = screen(message as ToolCallMessage, extra);
          if (pass) value(message, pass.extra);
        };
        return true;
      }
      return Reflect.set(target, property, value);
    },
  });
  return {
    transport: wrapped,
    rawArguments: (extra) => (extra.requestKey ? suspicious.get(extra.requestKey) : undefined),
  };
}
