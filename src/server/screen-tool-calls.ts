import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

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
 *   so the pipeline would never see the attempt. The raw arguments are kept per request id and handed to the
 *   argument guard, which refuses the call (and the refusal is audited like any other).
 */
export function screenToolCalls(transport: Transport): {
  transport: Transport;
  takeRawArguments(requestId: string | number): Record<string, unknown> | undefined;
} {
  const suspicious = new Map<string | number, Record<string, unknown>>();
  /** Returns false when the message was answered here and must not reach the SDK. */
  const screen = (message: ToolCallMessage): boolean => {
    if (message.method !== 'tools/call' || message.id === undefined) return true;
    const args = message.params?.arguments;
    if (args === undefined) return true;
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
      return false;
    }
    if (FORBIDDEN_TOP_LEVEL.some((k) => Object.prototype.hasOwnProperty.call(args, k))) {
      suspicious.set(message.id, args as Record<string, unknown>);
    }
    return true;
  };
  const wrapped = new Proxy(transport, {
    set(target, property, value) {
      if (property === 'onmessage' && typeof value === 'function') {
        target.onmessage = (message, extra) => {
          if (screen(message as ToolCallMessage)) value(message, extra);
        };
        return true;
      }
      return Reflect.set(target, property, value);
    },
  });
  return {
    transport: wrapped,
    takeRawArguments(requestId) {
      const raw = suspicious.get(requestId);
      if (raw) suspicious.delete(requestId);
      return raw;
    },
  };
}
