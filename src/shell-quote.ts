/**
 * `value` as one POSIX shell word, for commands the CLI prints for the user to copy: plain names stay as they
 * are, anything else is single-quoted (`'` written as `'\''`), so a name from a config or a catalog can never
 * add commands, expansions or options to the line.
 */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_][A-Za-z0-9_.,:/=@+-]*$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
