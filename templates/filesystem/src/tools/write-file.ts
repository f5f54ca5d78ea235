import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { Audit, Confirm, Description, RateLimit, SafeFs, Sensitive, Tool, ToolError } from 'secure-mcp';
import { FilePath } from './paths';

/** Writes per minute for one caller: lower than reads, since a write changes things. */
export const WRITE_FILE_LIMIT = 10;

export class WriteFileInput {
  @Description('File to write, relative to the first root; its folder must exist')
  @FilePath()
  path!: string;

  // The content may be anything the user works on: keep it out of the audit log, record the path only.
  @Sensitive()
  @Description('Text to write (UTF-8), at most 1 MB')
  @IsString()
  @MaxLength(1024 * 1024)
  content!: string;

  @Description('Replace the file if it exists (default false: an existing file is never replaced)')
  @IsOptional()
  @IsBoolean()
  overwrite?: boolean;
}

// No @ReadOnly: this is a write tool. It is audited, rate-limited more tightly than the readers, and
// disappears when the server runs read-only (SECURE_MCP_READ_ONLY=1). @Confirm: the user approves each write
// in their client first (elicitation); a client that cannot ask refuses the write. The content is
// @Sensitive, so the question quotes the path only.
@Tool({
  name: 'write_file',
  description:
    'Write a UTF-8 text file inside the allowed roots (atomically; refuses to replace unless told)',
  input: WriteFileInput,
})
@Confirm('Write the file {path}?')
@RateLimit({ limit: WRITE_FILE_LIMIT, window: '1m' })
@Audit()
export class WriteFileTool {
  constructor(private readonly fs: SafeFs) {}

  async execute(input: WriteFileInput) {
    // Guards against the model clobbering a file by mistake. It is a check, then an atomic write: a file
    // created by someone else in between would still be replaced (SafeFs has no exclusive create).
    if (!input.overwrite && (await this.fs.exists(input.path))) {
      throw new ToolError('file exists; pass overwrite: true to replace it');
    }
    await this.fs.writeText(input.path, input.content);
    return { written: input.path, bytes: Buffer.byteLength(input.content, 'utf8') };
  }
}
