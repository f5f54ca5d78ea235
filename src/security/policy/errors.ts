/** A policy file that cannot be read, parsed, resolved or validated. Names the file. */
export class PolicyError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}
