/**
 * What the server log records of an unexpected error. Never throws: a thrown value may be anything (an
 * object whose `message` getter throws, one without a prototype).
 */
export function describeError(error: unknown): Record<string, unknown> {
  try {
    if (error instanceof Error) {
      return { name: String(error.name), message: String(error.message), stack: String(error.stack) };
    }
    return { value: String(error) };
  } catch {
    return { value: `[unprintable ${typeof error}]` };
  }
}
