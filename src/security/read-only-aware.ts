/**
 * A service that can hand out a form of itself whose write methods throw. Tools marked `@ReadOnly()` receive
 * that form instead of the full service, so "read-only" is enforced, not only advertised.
 */
export interface ReadOnlyAware {
  /** Returns a view of this service whose writing methods throw a {@link ToolError}. */
  asReadOnly(): this;
}

export function isReadOnlyAware(value: unknown): value is ReadOnlyAware {
  return (
    typeof value === 'object' && value !== null && typeof (value as ReadOnlyAware).asReadOnly === 'function'
  );
}
