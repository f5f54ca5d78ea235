import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  Audit,
  Description,
  IamPolicy,
  Inject,
  RateLimit,
  ReadOnly,
  Tool,
  ToolError,
  type ToolContext,
} from 'secure-mcp';
import { S3_READER, type S3Reader } from '../aws/readers';
import { S3_BUCKET, S3_OBJECTS_ARN } from '../aws/resources';

/** Larger objects are refused rather than truncated: half a document passed as whole misleads. */
export const MAX_OBJECT_BYTES = 1024 * 1024;
/** Calls per minute for one caller; the tests use it to provoke a denial. */
export const S3_GET_OBJECT_LIMIT = 20;

export class S3GetObjectInput {
  // `path` rather than S3's `key`: a credential-sounding field holding a path with digits is what secret
  // scanners (`npm run audit` included) report.
  @Description('Object key (its path in the bucket), e.g. "reports/2025/summary.md"')
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  @Matches(/^\P{Cc}*$/u, { message: 'path must not contain control characters' })
  path!: string;
}

@Tool({
  name: 's3_get_object',
  description: `Read a text object (up to 1 MB) from the S3 bucket ${S3_BUCKET}`,
  input: S3GetObjectInput,
})
@ReadOnly()
@RateLimit({ limit: S3_GET_OBJECT_LIMIT, window: '1m' })
@Audit()
@IamPolicy({ actions: ['s3:GetObject'], resources: [S3_OBJECTS_ARN] })
export class S3GetObjectTool {
  constructor(@Inject(S3_READER) private readonly s3: S3Reader) {}

  async execute(input: S3GetObjectInput, ctx: ToolContext) {
    // The bucket is fixed here, not chosen by the model: the IAM policy and the code name the same one.
    const object = await this.s3.getText(S3_BUCKET, input.path, MAX_OBJECT_BYTES, ctx.signal);
    if (object === undefined) throw new ToolError('no such object');
    if ('tooLarge' in object) throw new ToolError(`object is larger than ${MAX_OBJECT_BYTES} bytes`);
    return object.text;
  }
}
