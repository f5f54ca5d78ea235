import { StartupError } from '../errors';

const FLAG_ADVICE =
  'set "experimentalDecorators": true and "emitDecoratorMetadata": true in tsconfig.json (secure-mcp and ' +
  "class-validator use TypeScript's legacy decorators), then rebuild";

/**
 * Throws when a decorator is called the TC39 way, `(value, context)`: the project was compiled without
 * `experimentalDecorators`. Called by the class decorators so the error names the flag.
 */
export function assertLegacyDecorator(decorator: string, context: unknown): void {
  if (typeof context === 'object' && context !== null && 'kind' in context) {
    throw new StartupError(`@${decorator} was compiled as a standard decorator: ${FLAG_ADVICE}`);
  }
}

// TypeScript's, esbuild's and Babel's helpers for standard decorators: seen in the stack when class-validator's
// legacy decorators are run by them, which fails with "Cannot read properties of undefined".
const STANDARD_HELPERS = /__esDecorate|__decorateElement|_applyDecs|applyDecs2/;
let installed = false;

/**
 * The DTO's class-validator decorators run before any secure-mcp code can check anything, and without
 * `experimentalDecorators` they die with a TypeError from class-validator. The first line the user (and the MCP
 * client's log) sees then names the tsconfig flag; the process still ends as it would have.
 */
export function explainStandardDecoratorCrash(): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtExceptionMonitor', (error) => {
    if (error instanceof TypeError && STANDARD_HELPERS.test(error.stack ?? '')) {
      process.stderr.write(
        `secure-mcp: a decorator failed because it was compiled as a standard decorator: ${FLAG_ADVICE}\n`,
      );
    }
  });
}
