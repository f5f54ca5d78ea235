import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  Audit,
  Description,
  RateLimit,
  ReadOnly,
  Sensitive,
  Tool,
  ToolError,
  type ToolContext,
} from 'secure-mcp';
import { NotesStore } from './notes-store';

export class SearchNotesInput {
  @Description('Words to look for in titles and bodies')
  @IsString()
  @MaxLength(200)
  query!: string;

  @Description('Only notes with this tag')
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,32}$/)
  tag?: string;
}

@Tool({ name: 'search_notes', description: 'Search notes by text and tag', input: SearchNotesInput })
@ReadOnly()
@RateLimit({ limit: 30, window: '1m' })
export class SearchNotesTool {
  constructor(private readonly store: NotesStore) {}

  execute(input: SearchNotesInput) {
    const hits = this.store.search(input.query, input.tag);
    return { count: hits.length, notes: hits.map((n) => ({ id: n.id, title: n.title })) };
  }
}

export class ReadNoteInput {
  @Description('Id of the note, as returned by search_notes')
  @IsInt()
  @Min(1)
  id!: number;
}

@Tool({ name: 'read_note', description: 'Read one note by id', input: ReadNoteInput })
@ReadOnly()
@RateLimit({ limit: 30, window: '1m' })
export class ReadNoteTool {
  constructor(private readonly store: NotesStore) {}

  execute(input: ReadNoteInput) {
    const note = this.store.get(input.id);
    if (!note) throw new ToolError(`no note with id ${input.id}; use search_notes to find ids`);
    return note.body;
  }
}

export class AddNoteInput {
  @IsString() @MinLength(1) @MaxLength(100) title!: string;
  @Sensitive() @IsString() @MaxLength(10_000) body!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[a-z0-9-]{1,32}$/, { each: true })
  tags?: string[];
}

@Tool({ name: 'add_note', description: 'Create a note', input: AddNoteInput })
@RateLimit({ limit: 2, window: '1m' })
@Audit()
export class AddNoteTool {
  constructor(private readonly store: NotesStore) {}

  execute(input: AddNoteInput, ctx: ToolContext) {
    const note = this.store.add(input.title, input.body, input.tags ?? []);
    ctx.logger.info('note added', { id: note.id });
    return { id: note.id };
  }
}
