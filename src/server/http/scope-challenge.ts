/** What a request needs that the caller's token lacks. */
export interface ScopeShortfall {
  /** The tool, prompt or resource name (the audit record's `tool`). */
  name: string;
  /** How the refusal reads: `calling write_docs`, `getting prompt summarize`, `reading resource index`. */
  action: string;
  /** The JSON-RPC id of the refused request. */
  requestId: string;
  /** Every scope the capability needs (RFC 6750 §3.1: "the scope necessary to access the requested resource"). */
  needed: readonly string[];
  missing: readonly string[];
}

/** The capability a JSON-RPC request addresses (`tools/call`, `prompts/get`, `resources/read`), if scoped. */
export type ScopedTarget = (
  method: string,
  params: Record<string, unknown>,
) => { name: string; action: string; scopes: readonly string[] } | undefined;

/**
 * Step-up (MCP authorization, "scope challenge handling"): a `tools/call`, `prompts/get` or `resources/read`
 * of a capability whose scopes the token lacks is answered with HTTP 403 `insufficient_scope` before it
 * reaches the session, so the client can ask the user for the scope and retry. A capability without scopes,
 * an unknown one or any other method passes (the pipeline still checks scopes on every request).
 */
export function createScopeCheck(
  target: ScopedTarget,
): (body: unknown, granted: readonly string[] | undefined) => ScopeShortfall | undefined {
  const check = (message: unknown, granted: readonly string[]): ScopeShortfall | undefined => {
    const m = message as { method?: unknown; id?: unknown; params?: unknown } | null;
    if (!m || typeof m !== 'object' || typeof m.method !== 'string') return undefined;
    if (!m.params || typeof m.params !== 'object') return undefined;
    const found = target(m.method, m.params as Record<string, unknown>);
    if (!found || found.scopes.length === 0) return undefined;
    const missing = found.scopes.filter((s) => !granted.includes(s));
    if (missing.length === 0) return undefined;
    return { name: found.name, action: found.action, requestId: String(m.id), needed: found.scopes, missing };
  };
  return (body, granted) => {
    if (!granted) return undefined; // not a scope-checked principal (auth off)
    if (!Array.isArray(body)) return check(body, granted);
    for (const message of body) {
      const shortfall = check(message, granted);
      if (shortfall) return shortfall;
    }
    return undefined;
  };
}
