import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * Parses JSON that may have comments and trailing commas (VS Code settings are JSONC), with the parser VS Code
 * itself uses, so strings such as `"--sep=, ]"` stay as written.
 */
export function parseJsonc(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, allowEmptyContent: false });
  const first = errors[0];
  if (first) throw new SyntaxError(`${printParseErrorCode(first.error)} at offset ${first.offset}`);
  return value;
}
