import { IsOptional } from 'class-validator';
import { Audit, Description, RateLimit, ReadOnly, SafeFs, Tool } from 'secure-mcp';
import { FilePath } from './paths';

export class ListFilesInput {
  @Description('Folder to list, relative to the first root (default: the root itself)')
  @IsOptional()
  @FilePath()
  path?: string;
}

@Tool({
  name: 'list_files',
  description: 'List the files and folders in a folder inside the allowed roots',
  input: ListFilesInput,
})
@ReadOnly()
@RateLimit({ limit: 60, window: '1m' })
@Audit()
export class ListFilesTool {
  constructor(private readonly fs: SafeFs) {}

  async execute(input: ListFilesInput) {
    const entries = await this.fs.list(input.path ?? '.');
    return { entries: entries.map((e) => ({ name: e.name, type: e.type })) };
  }
}
