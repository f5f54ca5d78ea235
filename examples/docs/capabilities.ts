import 'reflect-metadata';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  Audit,
  IsSafePath,
  Prompt,
  RateLimit,
  Resource,
  SafeFs,
  Scopes,
  Secret,
  SecretValue,
  type PromptContext,
  type ResourceContext,
} from 'secure-mcp';

/** A fixed resource: `docs://index`, the list of documents. */
@Resource({ uri: 'docs://index', name: 'index', mimeType: 'text/plain', description: 'The document index' })
@Audit()
@RateLimit({ limit: 60, window: '1m' })
@Scopes('docs:read')
export class DocIndex {
  constructor(private readonly fs: SafeFs) {}
  async read(_ctx: ResourceContext) {
    const entries = await this.fs.list('.');
    return entries.map((e) => e.name).join('\n');
  }
}

/** Template variables are a DTO, validated like tool input (after URI decoding). */
export class DocParams {
  @IsString() @MaxLength(200) @IsSafePath() path!: string;
}

/** A resource template: `docs://files/{+path}` reads one document through the confined `SafeFs`. */
@Resource({
  uriTemplate: 'docs://files/{+path}',
  name: 'doc',
  mimeType: 'text/markdown',
  params: DocParams,
  description: 'One document',
})
@Audit()
@RateLimit({ limit: 60, window: '1m' })
@Scopes('docs:read')
export class DocFile {
  constructor(private readonly fs: SafeFs) {}
  read(params: DocParams, _ctx: ResourceContext) {
    return this.fs.readText(params.path);
  }
  /** Concrete resources for `resources/list`. */
  async list(_ctx: ResourceContext) {
    const entries = await this.fs.list('.');
    return entries
      .filter((e) => e.type === 'file')
      .map((e) => ({ uri: `docs://files/${encodeURIComponent(e.name)}`, name: e.name }));
  }
  /** Completion of the `path` variable (`completion/complete`). */
  async complete(field: string, prefix: string) {
    if (field !== 'path') return [];
    const entries = await this.fs.list('.');
    return entries.map((e) => e.name).filter((n) => n.startsWith(prefix));
  }
}

/** A resource whose text would carry a secret: what leaves is scrubbed. */
@Resource({ uri: 'docs://status', name: 'status', mimeType: 'text/plain' })
@Audit()
export class BackendStatus {
  constructor(@Secret('DOCS_API_TOKEN') private readonly token: SecretValue) {}
  read() {
    // A careless read that echoes its credential: the scrubber replaces it before the result leaves.
    return `backend reachable; token=${this.token.reveal()}`;
  }
}

export class SummarizeArgs {
  @IsString() @MaxLength(100) topic!: string;
  @IsOptional() @IsIn(['short', 'long']) length?: string;
}

/** A prompt: `render(args)` returns a string (one user message). */
@Prompt({ name: 'summarize', description: 'Summarize a topic from the documents', args: SummarizeArgs })
@Audit()
@RateLimit({ limit: 30, window: '1m' })
export class Summarize {
  render(args: SummarizeArgs, _ctx: PromptContext) {
    return `Write a ${args.length ?? 'short'} summary of ${args.topic} using the documents.`;
  }
  complete(field: string, prefix: string) {
    const topics = field === 'topic' ? ['security', 'setup', 'scaling'] : ['short', 'long'];
    return topics.filter((t) => t.startsWith(prefix));
  }
}

export class ReviewArgs {
  @IsString() @MaxLength(200) @IsSafePath() path!: string;
}

/** A prompt with several messages, one of them embedding a document as a resource. */
@Prompt({ name: 'review', description: 'Review one document', args: ReviewArgs })
@Audit()
export class ReviewDoc {
  constructor(private readonly fs: SafeFs) {}
  async render(args: ReviewArgs) {
    const text = await this.fs.readText(args.path);
    return [
      { role: 'user', content: { type: 'text', text: 'Review this document for mistakes:' } },
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: { uri: `docs://files/${encodeURIComponent(args.path)}`, mimeType: 'text/markdown', text },
        },
      },
    ];
  }
}
