import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

const FORBIDDEN_TOP_LEVEL = ['__proto__', 'constructor', 'prototype'];

/**
 * The SDK re-parses `arguments` and silently drops a top-level `__proto__` key, so the pipeline would never
 * know a client tried prototype pollution. This wraps a transport to keep, per request id, the raw arguments
 * of `tools/call` messages that carry such a key; the adapter hands those to the argument guard, which
 * refuses the call with a clear message (and the refusal is audited like any other).
 */
export function captureSuspiciousArguments(transport: Transport): {
  transport: Transport;
  take(requestId: string | number): Record<string, unknown> | undefined;
} {
  const suspicious = new Map<string | number, Record<string, unknown>>();
  const inspect = (message: unknown) => {
    const m = message as { method?: string; id?: string | number; params?: { arguments?: unknown } };
    const args = m.method === 'tools/call' ? m.params?.arguments : undefined;
    if (args && typeof args === 'object' && m.id !== undefined) {
      if (FORBIDDEN_TOP_LEVEL.some((k) => Object.prototype.hasOwnProperty.call(args, k))) {
        suspicious.set(m.id, args as Record<string, unknown>);
      }
    }
  };
  const wrapped = new Proxy(transport, {
    set(target, property, value) {
      if (property === 'onmessage' && typeof value === 'function') {
        target.onmessage = (message, extra) => {
          inspect(message);
          value(message, extra);
        };
        return true;
      }
      return Reflect.set(target, property, value);
    },
  });
  return {
    transport: wrapped,
    take(requestId) {
      const raw = suspicious.get(requestId);
      if (raw) suspicious.delete(requestId);
      return raw;
    },
  };
}
