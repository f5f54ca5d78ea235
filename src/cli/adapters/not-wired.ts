/** A command whose backing module is not part of this build yet. */
export class NotWiredError extends Error {
  constructor(what: string) {
    super(`${what} is not available in this build of secure-mcp`);
    this.name = 'NotWiredError';
  }
}
