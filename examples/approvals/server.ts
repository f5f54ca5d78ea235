import 'reflect-metadata';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  Audit,
  Confirm,
  createServer,
  IsSafePath,
  RateLimit,
  ReadOnly,
  SafeFs,
  Tool,
  type ToolContext,
} from 'secure-mcp';

class PathInput {
  @IsString() @IsSafePath() path!: string;
}

class WriteInput {
  @IsString() @IsSafePath() path!: string;
  @IsString() @MaxLength(100_000) content!: string;
}

/** Reads a file inside the roots the server and the client both allow; tells the client what it does. */
@Tool({ name: 'read_file', description: 'Read a text file inside the shared roots', input: PathInput })
@ReadOnly()
@RateLimit({ limit: 60, window: '1m' })
@Audit()
export class ReadFileTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: PathInput, ctx: ToolContext) {
    const text = await this.fs.readText(input.path);
    await ctx.log.info(`read ${input.path}`, { characters: text.length });
    return text;
  }
}

/** A write tool: the human approves each call first (elicitation), with the path quoted. */
@Tool({ name: 'write_file', description: 'Create or replace a text file', input: WriteInput })
@Confirm('Write {path}? It will be created or replaced.')
@RateLimit({ limit: 10, window: '1m' })
@Audit()
export class WriteFileTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: WriteInput, ctx: ToolContext) {
    await this.fs.writeText(input.path, input.content);
    await ctx.log.notice(`wrote ${input.path}`);
    return `wrote ${input.content.length} characters`;
  }
}

/** What `ctx.elicit` asks: a flat DTO (strings, numbers, booleans, enums), defaults from the initialisers. */
class ExportOptions {
  @JSONSchema({ title: 'Format' }) @IsIn(['markdown', 'text']) format: string = 'markdown';
  @JSONSchema({ title: 'Include hidden files' }) @IsBoolean() includeHidden = false;
  @JSONSchema({ title: 'Title of the export' }) @IsOptional() @IsString() @MaxLength(80) title?: string;
}

class NoInput {}

/** Asks the human how to export, then lists the client's roots in that format. */
@Tool({ name: 'export_roots', description: "Describe the client's roots, asking how", input: NoInput })
@ReadOnly()
export class ExportRootsTool {
  async execute(_input: NoInput, ctx: ToolContext) {
    if (!ctx.clientSupports('elicitation')) return 'this client cannot ask you how to export';
    const answer = await ctx.elicit(ExportOptions, 'How should the roots be exported?');
    if (answer.action !== 'accept') return `export ${answer.action}d`;
    const roots = ctx.clientSupports('roots') ? await ctx.roots() : [];
    const lines = roots.map((r) => (answer.content.format === 'markdown' ? `- ${r.uri}` : r.uri));
    return [answer.content.title ?? 'Roots', ...lines].join('\n');
  }
}

/**
 * Files confined to FILES_ROOT (default ./data) and, per session, to the roots the client shares
 * (`narrowToClientRoots`). Writes need the human's approval.
 */
async function main() {
  const server = await createServer({
    name: 'approvals',
    version: '1.0.0',
    tools: [ReadFileTool, WriteFileTool, ExportRootsTool],
    roots: [process.env.FILES_ROOT ?? './data'],
    narrowToClientRoots: true,
  });
  await server.listen();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
