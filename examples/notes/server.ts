import 'reflect-metadata';
import { createServer } from 'secure-mcp';
import { NotesStore } from './notes-store';
import { AddNoteTool, ReadNoteTool, SearchNotesTool } from './tools';

/** The notes server over stdio. Add it to an MCP client with `node examples/dist/notes/server.js`. */
async function main() {
  const server = await createServer({
    name: 'notes',
    version: '1.0.0',
    tools: [SearchNotesTool, ReadNoteTool, AddNoteTool],
    providers: [{ token: NotesStore, useValue: new NotesStore() }],
  });
  await server.listen();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
