/** How a call ended. */
export type AuditOutcome = 'success' | 'failure' | 'error' | 'denied';

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'error', 'denied'];

/** The operations on a resource or prompt besides its read or render (see {@link AuditRecord.action}). */
export const AUDIT_ACTIONS: ReadonlyArray<NonNullable<AuditRecord['action']>> = [
  'complete',
  'list',
  'subscribe',
  'unsubscribe',
];

/** One line of the audit log. */
export interface AuditRecord {
  auditId: string;
  /** ISO 8601, UTC. */
  time: string;
  server: string;
  /** The tool's name; for resource reads and prompt renders, the resource's or prompt's name (see `kind`). */
  tool: string;
  /** Absent for tool calls. */
  kind?: 'resource' | 'prompt';
  /**
   * Absent for the main call (tool call, resource read, prompt render). Otherwise the operation on the resource
   * or prompt: `complete` (`completion/complete`), `list` (the resources a template's `list()` named in
   * `resources/list`), `subscribe` / `unsubscribe` (`resources/subscribe` / `unsubscribe`).
   */
  action?: 'complete' | 'list' | 'subscribe' | 'unsubscribe';
  /** The URI read or (un)subscribed (resources). */
  uri?: string;
  principal: string;
  sessionId: string;
  requestId: string;
  outcome: AuditOutcome;
  /**
   * Set on the record of a server→client request (`elicitation/create`, `sampling/createMessage`,
   * `roots/list`) made during a call: the method, and the `auditId` of that call's record.
   */
  request?: string;
  parentAuditId?: string;
  /** Short reason code for failures, errors and denials (`validation`, `rate-limit`, `timeout`...). */
  reason?: string;
  durationMs: number;
  /** The call's arguments, redacted and capped. Absent when the tool's `@Audit({ args: false })`. */
  args?: unknown;
  /** Position in the chain, 1 for its first record; continues across rotated files. */
  seq: number;
  /** `hash` of the previous record in the chain; 64 zeros for the first. */
  prevHash: string;
  /** SHA-256 (hex) of `prevHash + canonicalJSON(record without hash)`. */
  hash: string;
}

/** What the pipeline hands to `AuditLog.write`; the log adds time, server and the chain. */
export type AuditEntry = Omit<AuditRecord, 'prevHash' | 'hash' | 'time' | 'server' | 'seq'> & {
  /** Redaction paths of `@Sensitive()` fields (see `sensitivePaths(dto)`), computed once per tool. */
  sensitive?: readonly string[];
};
