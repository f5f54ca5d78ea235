import type { JSONRPCMessage } from './sdk-lines/mcp-types';
import { ErrorCodes as ErrorCode } from './sdk-lines/error-codes';

/** What to answer a parsed JSON value that is not a valid JSON-RPC 2.0 message. */
export interface InvalidJsonRpc {
  /** The request's id when it is readable (a string or a number), so the client can match the answer. */
  readonly id: string | number | null;
  readonly code: number;
  readonly message: string;
}

/**
 * Checks one parsed message against the JSON-RPC 2.0 shapes MCP uses (the SDK's `JSONRPCMessageSchema`: a
 * request, a notification, a result or an error, with no unknown top-level member). The SDK answers a failure
 * (an extra top-level member, a wrong type) with a parse error and `id: null`, which leaves the client waiting
 * for its request; this keeps the id. Batches (arrays) are left to the SDK. Our own code rather than either
 * SDK's schema, so the check does not depend on which SDK line is installed (a test compares it with both).
 */
export function checkJsonRpc(
  parsed: unknown,
): { ok: true; message: JSONRPCMessage } | ({ ok: false } & InvalidJsonRpc) {
  if (isPlainRequestOrNotification(parsed)) return { ok: true, message: parsed as JSONRPCMessage };
  if (isJsonRpcMessage(parsed)) return { ok: true, message: schemaShaped(parsed as Json) as JSONRPCMessage };
  return {
    ok: false,
    id: readableId(parsed),
    code: ErrorCode.InvalidRequest,
    message: 'message is not a valid JSON-RPC 2.0 request (unknown or malformed members)',
  };
}

const RELATED_TASK = 'io.modelcontextprotocol/related-task';
const REQUEST_MEMBERS = new Set(['jsonrpc', 'id', 'method', 'params']);
const NOTIFICATION_MEMBERS = new Set(['jsonrpc', 'method', 'params']);
const RESULT_MEMBERS = new Set(['jsonrpc', 'id', 'result']);
const ERROR_MEMBERS = new Set(['jsonrpc', 'id', 'error']);

type Json = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJsonRpcMessage(m: unknown): boolean {
  if (!isObject(m) || m.jsonrpc !== '2.0') return false;
  const only = (allowed: Set<string>) => Object.keys(m).every((key) => allowed.has(key));
  if ('method' in m) {
    if (typeof m.method !== 'string' || !optional(m, 'params', hasValidMeta)) return false;
    return 'id' in m ? isRequestId(m.id) && only(REQUEST_MEMBERS) : only(NOTIFICATION_MEMBERS);
  }
  if ('result' in m) return isRequestId(m.id) && hasValidMeta(m.result) && only(RESULT_MEMBERS);
  if ('error' in m) {
    const error = m.error;
    return (
      optional(m, 'id', isRequestId) &&
      isObject(error) &&
      Number.isSafeInteger(error.code) &&
      typeof error.message === 'string' &&
      only(ERROR_MEMBERS)
    );
  }
  return false;
}

/** A JSON-RPC id as MCP allows it: a string or an integer. */
export function isRequestId(value: unknown): boolean {
  return typeof value === 'string' || Number.isSafeInteger(value);
}

/** An object whose `_meta`, when present, is an object with a well-formed progress token and task link. */
export function hasValidMeta(value: unknown): boolean {
  if (!isObject(value)) return false;
  return optional(
    value,
    '_meta',
    (meta) =>
      isObject(meta) &&
      optional(meta, 'progressToken', isRequestId) &&
      optional(meta, RELATED_TASK, (task) => isObject(task) && typeof task.taskId === 'string'),
  );
}

/** True when `object[key]` is absent (or undefined) or passes `check`. */
export function optional(object: Json, key: string, check: (value: unknown) => boolean): boolean {
  const value = object[key];
  return value === undefined || check(value);
}

/**
 * A valid message as the SDK's schema hands it on (what every SDK handler was written against): an own
 * `__proto__` member of `params`, `result` or `_meta` dropped, `error` and the task link reduced to their
 * defined members. A copy only where something differs from the common case.
 */
function schemaShaped(m: Json): Json {
  const loose = (o: Json): Json => {
    const rest: Json = {};
    for (const [key, value] of Object.entries(o)) if (key !== '__proto__') rest[key] = value;
    if (isObject(rest._meta)) {
      const meta = loose(rest._meta);
      const task = meta[RELATED_TASK];
      if (isObject(task)) meta[RELATED_TASK] = { taskId: task.taskId };
      rest._meta = meta;
    }
    return rest;
  };
  if (isObject(m.params)) return { ...m, params: loose(m.params) };
  if (isObject(m.result)) return { ...m, result: loose(m.result) };
  if (isObject(m.error)) {
    const { code, message } = m.error;
    return { ...m, error: 'data' in m.error ? { code, message, data: m.error.data } : { code, message } };
  }
  return m;
}

function readableId(parsed: unknown): string | number | null {
  if (!isObject(parsed)) return null;
  const id = parsed.id;
  if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return id;
  return null;
}

/**
 * The common case, passed on as it is (hot path: every incoming line): a request or notification with
 * only the members JSON-RPC defines, `jsonrpc: "2.0"`, a string `method`, a string or safe-integer `id` (or none),
 * and `params` absent or an object without `_meta` or `__proto__`: no copy is made. Anything else valid is
 * passed on as the SDK schema would hand it on (see {@link schemaShaped}).
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
