import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  Audit,
  Description,
  IamPolicy,
  Inject,
  RateLimit,
  ReadOnly,
  Tool,
  type ToolContext,
} from 'secure-mcp';
import { S3_READER, type S3Reader } from '../aws/readers';
import { S3_BUCKET, S3_BUCKET_ARN } from '../aws/resources';

export class S3ListObjectsInput {
  @Description('Only keys starting with this prefix, e.g. "reports/2025/"; default: all')
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(/^\P{Cc}*$/u, { message: 'prefix must not contain control characters' })
  prefix?: string;

  @Description('How many keys, 1 to 100; default 50')
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxKeys?: number;
}

@Tool({
  name: 's3_list_objects',
  description: `List object keys in the S3 bucket ${S3_BUCKET}`,
  input: S3ListObjectsInput,
})
@ReadOnly()
@RateLimit({ limit: 30, window: '1m' })
@Audit()
// ListBucket is granted on the bucket ARN, not on its objects.
@IamPolicy({ actions: ['s3:ListBucket'], resources: [S3_BUCKET_ARN] })
export class S3ListObjectsTool {
  constructor(@Inject(S3_READER) private readonly s3: S3Reader) {}

  async execute(input: S3ListObjectsInput, ctx: ToolContext) {
    return this.s3.listObjects(S3_BUCKET, input.prefix ?? '', input.maxKeys ?? 50, ctx.signal);
  }
}
