import 'reflect-metadata';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Audit, createServer, IsSafePath, RateLimit, ReadOnly, SafeFs, Tool } from 'secure-mcp';

class PathInput {
  @IsString() @IsSafePath() path!: string;
}

class ListInput {
  @IsOptional() @IsString() @IsSafePath() path?: string;
}

class WriteInput {
  @IsString() @IsSafePath() path!: string;
  @IsString() @MaxLength(100_000) content!: string;
}

@Tool({ name: 'list_files', description: 'List a directory inside the allowed roots', input: ListInput })
@ReadOnly()
@RateLimit({ limit: 60, window: '1m' })
export class ListFilesTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: ListInput) {
    return { entries: await this.fs.list(input.path ?? '.') };
  }
}

@Tool({ name: 'read_file', description: 'Read a text file inside the allowed roots', input: PathInput })
@ReadOnly()
@RateLimit({ limit: 60, window: '1m' })
@Audit()
export class ReadFileTool {
  constructor(private readonly fs: SafeFs) {}
  execute(input: PathInput) {
    return this.fs.readText(input.path);
  }
}

@Tool({
  name: 'write_file',
  description: 'Create or replace a text file inside the allowed roots',
  input: WriteInput,
})
@RateLimit({ limit: 10, window: '1m' })
@Audit()
export class WriteFileTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: WriteInput) {
    await this.fs.writeText(input.path, input.content);
    return `wrote ${input.content.length} characters`;
  }
}

/**
 * A filesystem server confined to FILES_ROOT (default ./data). Run read-only with SECURE_MCP_READ_ONLY=1:
 * write_file is then neither listed nor callable.
 */
async function main() {
  const server = await createServer({
    name: 'files',
    version: '1.0.0',
    tools: [ListFilesTool, ReadFileTool, WriteFileTool],
    roots: [process.env.FILES_ROOT ?? './data'],
  });
  await server.listen();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
