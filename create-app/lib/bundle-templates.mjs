// `npm pack` / `npm publish` of create-secure-mcp (prepack): copy the repository's templates into the
// package, since a published package cannot reach `../templates`. With --clean (postpack): remove the copy.
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundled = path.join(pkg, 'templates');
rmSync(bundled, { recursive: true, force: true });

if (!process.argv.includes('--clean')) {
  const source = path.join(pkg, '..', 'templates');
  if (!existsSync(source)) throw new Error(`templates not found at ${source}`);
  cpSync(source, bundled, {
    recursive: true,
    // Left-overs of trying a template in place are not part of it; neither is a real .env.
    filter: (file) => !/[\\/](node_modules|dist|logs|coverage|package-lock\.json|\.env)$/.test(file),
  });
}
