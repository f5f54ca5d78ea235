/**
 * JSON-RPC and MCP error codes, the same numbers on both SDK lines (1.x `ErrorCode`, 2.x `ProtocolErrorCode`),
 * kept here so that code outside the seam needs neither.
 */
export const ErrorCodes = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  RequestTimeout: -32001,
  /** MCP's "resource not found". */
  ResourceNotFound: -32002,
} as const;
