// `${VAR}`, `${env:VAR}`, `${input:id}` (VS Code), `$VAR`, `%VAR%` (Windows) and `env:VAR` are references
// to a value kept elsewhere, not values.
// `[^{}]` rather than `[^}]`: an unclosed `${` then stops at the next `{` instead of rescanning to the end.
const REFERENCE =
  /\$\{[^{}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|^env:[A-Za-z_][A-Za-z0-9_]*$/g;

/** The value with every environment/input reference removed. */
export function stripReferences(value: string): string {
  return value.replace(REFERENCE, '');
}

/** True when the whole value is references (and separators), i.e. holds no literal secret. */
export function isOnlyReferences(value: string): boolean {
  return (
    stripReferences(value)
      .replace(/^(?:bearer|basic|token)\s+/i, '')
      .trim() === ''
  );
}
