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
