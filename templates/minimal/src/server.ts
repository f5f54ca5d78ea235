import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'secure-mcp';
import { HashTextTool } from './tools/hash-text';

// MCP clients start servers from any working directory (Claude Desktop uses /), so files are found from
// the project folder, never from process.cwd().
const projectDir = path.resolve(__dirname, '..');
const { version } = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as {
  version: string;
};

async function main(): Promise<void> {
  const server = await createServer({
    name: '__SERVER_NAME__',
    version,
    tools: [HashTextTool],
    // One hash-chained JSON record per call (check it with `npx secure-mcp audit verify logs/audit.jsonl`).
    audit: { file: path.join(projectDir, 'logs', 'audit.jsonl'), all: true },
    // The team policy is enforced at start-up; found from the project folder, not the working directory.
    policy: path.join(projectDir, 'secure-mcp.config.json'),
  });
  await server.listen();
}

main().catch((error: unknown) => {
  // stdout belongs to the MCP protocol: start-up problems go to stderr, and the exit code tells the client.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
