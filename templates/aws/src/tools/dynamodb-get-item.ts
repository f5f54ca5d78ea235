import { IsString, Matches } from 'class-validator';
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
import { DYNAMODB_READER, type DynamoDbReader } from '../aws/readers';
import { DYNAMODB_KEY, DYNAMODB_TABLE, DYNAMODB_TABLE_ARN } from '../aws/resources';

export class DynamoDbGetItemInput {
  @Description(`The item's ${DYNAMODB_KEY}`)
  @IsString()
  @Matches(/^[A-Za-z0-9_.@-]{1,128}$/, { message: 'id must be 1 to 128 letters, digits or _ . @ -' })
  id!: string;
}

@Tool({
  name: 'dynamodb_get_item',
  description: `Get one item by ${DYNAMODB_KEY} from the DynamoDB table ${DYNAMODB_TABLE}`,
  input: DynamoDbGetItemInput,
})
@ReadOnly()
@RateLimit({ limit: 60, window: '1m' })
@Audit()
// One operation on one table: no Scan (it would let the model read the whole table), no Query on indexes.
@IamPolicy({ actions: ['dynamodb:GetItem'], resources: [DYNAMODB_TABLE_ARN] })
export class DynamoDbGetItemTool {
  constructor(@Inject(DYNAMODB_READER) private readonly dynamodb: DynamoDbReader) {}

  async execute(input: DynamoDbGetItemInput, ctx: ToolContext) {
    const item = await this.dynamodb.getItem(DYNAMODB_TABLE, DYNAMODB_KEY, input.id, ctx.signal);
    if (item === undefined) throw new ToolError('no such item');
    return { item };
  }
}
