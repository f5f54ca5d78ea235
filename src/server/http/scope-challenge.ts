/** What a `tools/call` needs that the caller's token lacks: the tool's name and every scope it declares. */
export interface ScopeShortfall {
  tool: string;
  /** The JSON-RPC id of the refused call. */
  requestId: string;
  /** Every scope the tool needs (RFC 6750 §3.1: "the scope necessary to access the requested resource"). */
  needed: readonly string[];
  missing: readonly string[];
}

/**
 * Step-up (MCP authorization, "scope challenge handling"): a `tools/call` of a tool whose scopes the token
 * lacks is answered with HTTP 403 `insufficient_scope` before it reaches the session, so the client can ask
 * the user for the scope and retry. Reads the tools' `@Scopes` live; a tool without scopes, an unknown
 * tool or any other method passes (the pipeline still checks scopes on every call).
 */
export function createScopeCheck(
  toolScopes: (name: string) => readonly string[] | undefined,
): (body: unknown, granted: readonly string[] | undefined) => ScopeShortfall | undefined {
  const check = (message: unknown, granted: readonly string[]): ScopeShortfall | undefined => {
    const m = message as { method?: unknown; id?: unknown; params?: { name?: unknown } } | null;
    if (!m || typeof m !== 'object' || m.method !== 'tools/call') return undefined;
    const name = m.params?.name;
    const needed = typeof name === 'string' ? toolScopes(name) : undefined;
    if (!needed || needed.length === 0) return undefined;
    const missing = needed.filter((s) => !granted.includes(s));
    if (missing.length === 0) return undefined;
    return { tool: name as string, requestId: String(m.id), needed, missing };
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
