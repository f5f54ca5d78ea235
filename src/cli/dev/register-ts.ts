// Loaded with `node -r` by `secure-mcp dev`: compiles the project's .ts files on require with the project's
// own @swc/core, with the decorator settings the templates' tsconfig and jest use (legacy decorators and
// metadata, no define semantics for fields), so DTOs and injection behave as in the built server.
import { readFileSync } from 'node:fs';
import Module from 'node:module';

interface Swc {
  transformSync(code: string, options: object): { code: string };
}

const project = process.env.SECURE_MCP_DEV_PROJECT ?? process.cwd();
const swc = Module.createRequire(`${project}/package.json`)('@swc/core') as Swc;
const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;

extensions['.ts'] = (module: { _compile(code: string, file: string): void }, filename: string) => {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
