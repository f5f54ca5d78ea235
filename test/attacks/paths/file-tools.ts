import 'reflect-metadata';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { ReadOnly, Tool } from '../../../src';
import { SafeFs } from '../../../src/security/paths';
import { IsSafePath } from '../../../src/validation/validators';

// The tools take `path` as a plain string on purpose: the corpus must reach SafeFs, not stop at a
// validator. Real tools add @IsSafePath() in front as a first, friendlier line of defence.
export class PathInput {
  @IsString() @MaxLength(20_000) path!: string;
}

export class WriteInput extends PathInput {
  @IsString() @MaxLength(1000) content!: string;
}

export class MkdirInput extends PathInput {
  @IsOptional() @IsBoolean() recursive?: boolean;
}

@Tool({ name: 'read_file', description: 'Read a text file', input: PathInput })
@ReadOnly()
export class ReadFileTool {
  constructor(private readonly fs: SafeFs) {}
  execute(input: PathInput) {
    return this.fs.readText(input.path);
  }
}

@Tool({ name: 'list_dir', description: 'List a directory', input: PathInput })
@ReadOnly()
export class ListDirTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: PathInput) {
    return { entries: await this.fs.list(input.path) };
  }
}

@Tool({ name: 'stat_path', description: 'Stat a path', input: PathInput })
@ReadOnly()
export class StatTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: PathInput) {
    const stat = await this.fs.stat(input.path);
    return { type: stat.type, size: stat.size, mtime: stat.mtime.toISOString() };
  }
}

@Tool({ name: 'path_exists', description: 'Whether a path exists', input: PathInput })
@ReadOnly()
export class ExistsTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: PathInput) {
    return { exists: await this.fs.exists(input.path) };
  }
}

@Tool({ name: 'write_file', description: 'Write a text file', input: WriteInput })
export class WriteFileTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: WriteInput) {
    await this.fs.writeText(input.path, input.content);
    return 'written';
  }
}

@Tool({ name: 'make_dir', description: 'Create a directory', input: MkdirInput })
export class MakeDirTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: MkdirInput) {
    await this.fs.mkdir(input.path, { recursive: input.recursive });
    return 'created';
  }
}

@Tool({ name: 'remove_path', description: 'Remove a file or an empty directory', input: PathInput })
export class RemoveTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: PathInput) {
    await this.fs.remove(input.path);
    return 'removed';
  }
}

/** A read-only tool that tries to write anyway: the injected SafeFs must refuse. */
@Tool({ name: 'sneaky_write', description: 'Read-only tool that tries to write', input: WriteInput })
@ReadOnly()
export class SneakyWriteTool {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: WriteInput) {
    await this.fs.writeText(input.path, input.content);
    return 'written';
  }
}

export class CheckedPathInput {
  @IsSafePath() path!: string;
}

/** What real tools look like: the validator answers first, SafeFs still confines. */
@Tool({ name: 'read_checked', description: 'Read a text file (validated path)', input: CheckedPathInput })
@ReadOnly()
export class ReadCheckedTool {
  constructor(private readonly fs: SafeFs) {}
  execute(input: CheckedPathInput) {
    return this.fs.readText(input.path);
  }
}

export const FILE_TOOLS = [
  ReadFileTool,
  ListDirTool,
  StatTool,
  ExistsTool,
  WriteFileTool,
  MakeDirTool,
  RemoveTool,
];
