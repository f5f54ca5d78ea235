/**
 * "Resource not found" as each SDK line sends it: 1.x passes MCP's -32002 through; 2.x sends -32602, as the
 * 2026-07-28 spec requires on every revision (it maps a thrown -32002 itself; clients should accept both).
 */
export function resourceNotFoundCode(server: { sdk: { line: '1' | '2' } }): number {
  return server.sdk.line === '1' ? -32002 : -32602;
}
