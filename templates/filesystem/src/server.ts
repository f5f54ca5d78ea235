import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer, exitOnStartupError, setting } from 'secure-mcp';
import { ListFilesTool } from './tools/list-files';
import { ReadFileTool } from './tools/read-file';
import { WriteFileTool } from './tools/write-file';

// MCP clients start servers from any working directory (Claude Desktop uses /), so files are found from
// the project folder, never from process.cwd().
const projectDir = path.resolve(__dirname, '..');
const { version } = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as {
  version: string;
};

/**
 * MCP_FS_ROOTS (path-delimiter separated; from the environment, else the project's .env), else the project's
 * data/ folder. Relative entries: from the project.
 */
function roots(): string[] {
  const configured = (setting('MCP_FS_ROOTS') ?? '').split(path.delimiter).filter((p) => p.trim() !== '');
  return (configured.length > 0 ? configured : ['data']).map((p) => path.resolve(projectDir, p));
}

async function main(): Promise<void> {
  const server = await createServer({
    name: '__SERVER_NAME__',
    version,
    // The MCP SDK line this project installs (package.json); see "MCP SDK line" in the README to switch.
    sdk: '__SDK_LINE__',
    tools: [ListFilesTool, ReadFileTool, WriteFileTool],
    // The only folders SafeFs lets the tools touch; a missing folder stops start-up.
    roots: roots(),
    // Read-only mode: SECURE_MCP_READ_ONLY=1 in the environment or in .env (secure-mcp reads it; a value it
    // does not understand stops start-up), or `readOnly: true` here.
    audit: { file: path.join(projectDir, 'logs', 'audit.jsonl'), all: true },
    // The team policy is enforced at start-up; found from the project folder, not the working directory.
    policy: path.join(projectDir, 'secure-mcp.config.json'),
  });
  await server.listen();
}

// stdout belongs to the MCP protocol: a start-up problem goes to stderr (one line saying why first, which
// clients show in their server log), then the process exits with code 1.
main().catch(exitOnStartupError);
