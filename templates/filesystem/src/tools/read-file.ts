import { Audit, Description, RateLimit, ReadOnly, SafeFs, Tool, ToolError } from 'secure-mcp';
import { FilePath } from './paths';

/** Larger files are refused rather than truncated: half a file silently passed as whole misleads. */
export const MAX_READ_BYTES = 1024 * 1024;

export class ReadFileInput {
  @Description('File to read (UTF-8 text), relative to the first root')
  @FilePath()
  path!: string;
}

@Tool({
  name: 'read_file',
  description: 'Read a UTF-8 text file inside the allowed roots',
  input: ReadFileInput,
})
@ReadOnly()
@RateLimit({ limit: 60, window: '1m' })
@Audit()
export class ReadFileTool {
  constructor(private readonly fs: SafeFs) {}

  async execute(input: ReadFileInput) {
    const info = await this.fs.stat(input.path);
    if (info.type !== 'file') throw new ToolError('path is not a regular file');
    if (info.size > MAX_READ_BYTES) throw new ToolError(`file is larger than ${MAX_READ_BYTES} bytes`);
    return this.fs.readText(input.path);
  }
}
