/**
 * An error whose message is meant for the MCP client. Throw it from `execute` to report a problem the
 * caller can act on; the message is shown as an `isError` result (after secret scrubbing).
 */
export class ToolError extends Error {
  override readonly name: string = 'ToolError';
  /** Extra machine-readable data placed in the result's `_meta`. */
  readonly meta?: Record<string, unknown>;

  constructor(message: string, options?: { meta?: Record<string, unknown>; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.meta = options?.meta;
  }
}

/**
 * A call refused by a security step before the tool ran (validation, read-only, rate limit, scopes...).
 * It is a {@link ToolError}, so the client sees the message; the audit records its outcome as `denied`.
 */
export class CallDenied extends ToolError {
  override readonly name: string = 'CallDenied';

  constructor(
    /** Short, stable reason code for audit records, e.g. `rate-limit`, `read-only`, `validation`. */
    readonly reason: string,
    message: string,
    options?: { meta?: Record<string, unknown> },
  ) {
    super(message, options);
  }
}

/** A configuration or declaration problem found while the server starts. The server does not start. */
export class StartupError extends Error {
  override readonly name: string = 'StartupError';
}
