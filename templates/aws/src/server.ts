import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer, exitOnStartupError } from 'secure-mcp';
import { DYNAMODB_READER, S3_READER } from './aws/readers';
import { AWS_REGION } from './aws/resources';
import { createSdkReaders, sdkStartupWarning } from './aws/sdk-readers';
import { DynamoDbGetItemTool } from './tools/dynamodb-get-item';
import { S3GetObjectTool } from './tools/s3-get-object';
import { S3ListObjectsTool } from './tools/s3-list-objects';

// MCP clients start servers from any working directory (Claude Desktop uses /), so files are found from
// the project folder, never from process.cwd().
const projectDir = path.resolve(__dirname, '..');
const { version } = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as {
  version: string;
};

async function main(): Promise<void> {
  // Said at start-up (stderr, which clients show in their server log) rather than only at the first call.
  const warning = sdkStartupWarning(projectDir);
  if (warning) console.error(warning);
  const readers = createSdkReaders(AWS_REGION);
  const server = await createServer({
    name: '__SERVER_NAME__',
    version,
    // The MCP SDK line this project installs (package.json); see "MCP SDK line" in the README to switch.
    sdk: '__SDK_LINE__',
    tools: [S3ListObjectsTool, S3GetObjectTool, DynamoDbGetItemTool],
    // Every tool only reads; the team policy (secure-mcp.config.json) requires it too.
    readOnly: true,
    providers: [
      { token: S3_READER, useValue: readers.s3 },
      { token: DYNAMODB_READER, useValue: readers.dynamodb },
    ],
    audit: { file: path.join(projectDir, 'logs', 'audit.jsonl'), all: true },
    // The team policy is enforced at start-up; found from the project folder, not the working directory.
    policy: path.join(projectDir, 'secure-mcp.config.json'),
  });
  await server.listen();
}

// stdout belongs to the MCP protocol: a start-up problem goes to stderr (one line saying why first, which
// clients show in their server log), then the process exits with code 1.
main().catch(exitOnStartupError);
