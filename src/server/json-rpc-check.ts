import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** What to answer a parsed JSON value that is not a valid JSON-RPC 2.0 message. */
export interface InvalidJsonRpc {
  /** The request's id when it is readable (a string or a number), so the client can match the answer. */
  readonly id: string | number | null;
  readonly code: number;
  readonly message: string;
}

/**
 * Checks one parsed message against the JSON-RPC schema. The SDK answers a failure (an extra top-level
 * member, a wrong type) with a parse error and `id: null`, which leaves the client waiting for its request;
 * this keeps the id. Batches (arrays) are left to the SDK.
 */
export function checkJsonRpc(
  parsed: unknown,
): { ok: true; message: JSONRPCMessage } | ({ ok: false } & InvalidJsonRpc) {
  if (isPlainRequestOrNotification(parsed)) return { ok: true, message: parsed as JSONRPCMessage };
  const checked = JSONRPCMessageSchema.safeParse(parsed);
  if (checked.success) return { ok: true, message: checked.data };
  return {
    ok: false,
    id: readableId(parsed),
    code: ErrorCode.InvalidRequest,
    message: 'message is not a valid JSON-RPC 2.0 request (unknown or malformed members)',
  };
}

function readableId(parsed: unknown): string | number | null {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const id = (parsed as { id?: unknown }).id;
  if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return id;
  return null;
}

const REQUEST_MEMBERS = new Set(['jsonrpc', 'id', 'method', 'params']);

/**
 * The common case, decided without the schema (hot path: every incoming line): a request or notification with
 * only the members JSON-RPC defines, `jsonrpc: "2.0"`, a string `method`, a string or safe-integer `id` (or none),
 * and `params` absent or an object without `_meta` or `__proto__`. Every message it accepts, the schema
 * accepts too, with the same data (the schema's copy differs only in identity); anything else, including
 * everything it is unsure of, goes to the schema.
 */
function isPlainRequestOrNotification(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== '2.0' || typeof message.method !== 'string') return false;
  for (const key of Object.keys(message)) if (!REQUEST_MEMBERS.has(key)) return false;
  const { id, params } = message;
  if (id !== undefined && typeof id !== 'string' && !Number.isSafeInteger(id)) return false;
  if (params === undefined) return !Object.prototype.hasOwnProperty.call(message, 'params');
  return (
    typeof params === 'object' &&
    params !== null &&
    !Array.isArray(params) &&
    !Object.prototype.hasOwnProperty.call(params, '_meta') &&
    !Object.prototype.hasOwnProperty.call(params, '__proto__')
  );
}
