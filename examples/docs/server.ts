import 'reflect-metadata';
import { watch } from 'node:fs';
import { resolve } from 'node:path';
import { createServer } from 'secure-mcp';
import { BackendStatus, DocFile, DocIndex, ReviewDoc, Summarize } from './capabilities';

/**
 * A documents server: resources (a fixed index, a `docs://files/{+path}` template, a status page) and prompts,
 * confined to DOCS_ROOT (default ./docs), served over stdio. Every read and render is audited. When a file in
 * the root changes, clients subscribed to it (or to the index) get `notifications/resources/updated`.
 */
async function main() {
  const root = resolve(process.env.DOCS_ROOT ?? './docs');
  const server = await createServer({
    name: 'docs',
    version: '1.0.0',
    resources: [DocIndex, DocFile, BackendStatus],
    prompts: [Summarize, ReviewDoc],
    roots: [root],
  });
  const watcher = watch(root, (event, file) => {
    if (file) void server.notifyResourceUpdated(`docs://files/${encodeURIComponent(file)}`);
    if (event === 'rename') void server.notifyResourceUpdated('docs://index');
  });
  watcher.unref();
  await server.listen();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
