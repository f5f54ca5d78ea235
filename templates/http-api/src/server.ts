import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer, exitOnStartupError } from 'secure-mcp';
import { DEFAULT_GITHUB_API, GITHUB_API, GITHUB_HOST } from './github';
import { GetRepositoryTool } from './tools/get-repository';
import { ListOpenIssuesTool } from './tools/list-open-issues';

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
    // The MCP SDK line this project installs (package.json); see "MCP SDK line" in the README to switch.
    sdk: '__SDK_LINE__',
    tools: [GetRepositoryTool, ListOpenIssuesTool],
    // The one host the tools may reach; private, loopback and metadata addresses stay refused.
    network: { allow: [GITHUB_HOST] },
    // GITHUB_TOKEN: environment, then this project's .env, then the OS keychain (service
    // secure-mcp/__SERVER_NAME__). A missing token stops start-up with a message saying where it looked.
    secrets: { envFile: path.join(projectDir, '.env') },
    providers: [{ token: GITHUB_API, useValue: DEFAULT_GITHUB_API }],
    audit: { file: path.join(projectDir, 'logs', 'audit.jsonl'), all: true },
    // The team policy is enforced at start-up; found from the project folder, not the working directory.
    policy: path.join(projectDir, 'secure-mcp.config.json'),
  });
  await server.listen();
}

// stdout belongs to the MCP protocol: a start-up problem goes to stderr (one line saying why first, which
// clients show in their server log), then the process exits with code 1.
main().catch(exitOnStartupError);
