// `npm pack` / `npm publish` of create-secure-mcp: copy the repository's templates into the package, since
// a published package cannot reach `../templates`.
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(pkg, '..', 'templates');
if (!existsSync(source)) throw new Error(`templates not found at ${source}`);
rmSync(path.join(pkg, 'templates'), { recursive: true, force: true });
cpSync(source, path.join(pkg, 'templates'), {
  recursive: true,
  filter: (file) =>
    !/[\\/](node_modules|dist|logs|coverage)$|[\\/]package-lock\.json$|[\\/]\.env$/.test(file),
});
