import 'reflect-metadata';
import { readToolDefinition } from 'secure-mcp/governance';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { DYNAMODB_READER, type DynamoDbReader, S3_READER, type S3Reader } from '../src/aws/readers';
import { DYNAMODB_TABLE_ARN, S3_BUCKET, S3_BUCKET_ARN, S3_OBJECTS_ARN } from '../src/aws/resources';
import { DynamoDbGetItemTool } from '../src/tools/dynamodb-get-item';
import { MAX_OBJECT_BYTES, S3_GET_OBJECT_LIMIT, S3GetObjectTool } from '../src/tools/s3-get-object';
import { S3ListObjectsTool } from '../src/tools/s3-list-objects';

/** Mid-minute: see `rateLimit.clock` below. */
const FIXED_CLOCK = () => Date.UTC(2026, 0, 1, 12, 0, 30);

const tools = [S3ListObjectsTool, S3GetObjectTool, DynamoDbGetItemTool];

/** In-memory stand-ins for S3 and DynamoDB that record which bucket and table the tools asked for. */
function fakes() {
  const objects = new Map<string, string>([
    ['reports/2025/summary.md', '# Summary\nAll good.'],
    ['reports/2025/big.bin', 'x'.repeat(MAX_OBJECT_BYTES + 10)],
    ['readme.txt', 'hello'],
  ]);
  const buckets: string[] = [];
  const s3: S3Reader = {
    async listObjects(bucket, prefix, maxKeys) {
      buckets.push(bucket);
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      return {
        objects: keys.slice(0, maxKeys).map((path) => ({ path, size: objects.get(path)!.length })),
        truncated: keys.length > maxKeys,
      };
    },
    async getText(bucket, key, maxBytes) {
      buckets.push(bucket);
      const text = objects.get(key);
      if (text === undefined) return undefined;
      return Buffer.byteLength(text) > maxBytes ? { tooLarge: true } : { text };
    },
  };
  const dynamodb: DynamoDbReader = {
    async getItem(_table, keyName, keyValue) {
      return keyValue === 'u-1' ? { [keyName]: 'u-1', name: 'Ada', plan: 'pro' } : undefined;
    },
  };
  return { s3, dynamodb, buckets };
}

describe('AWS tools', () => {
  let t: TestClient;
  let fake: ReturnType<typeof fakes>;

  beforeEach(async () => {
    fake = fakes();
    t = await createTestClient({
      tools,
      providers: [
        { token: S3_READER, useValue: fake.s3 },
        { token: DYNAMODB_READER, useValue: fake.dynamodb },
      ],
      // Limits count per clock-aligned window (1m: whole minutes): a fixed clock keeps the rate-limit test from
      // straddling a minute boundary, where the count starts again.
      rateLimit: { clock: FIXED_CLOCK },
    });
  });
  afterEach(() => t.close());

  it('lists every tool as read-only', async () => {
    const listed = (await t.listTools()).tools;
    expect(listed.map((tool) => tool.name).sort()).toEqual([
      'dynamodb_get_item',
      's3_get_object',
      's3_list_objects',
    ]);
    expect(listed.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
  });

  it('lists objects under a prefix of the configured bucket', async () => {
    const result = await t.callTool('s3_list_objects', { prefix: 'reports/', maxKeys: 1 });
    expect(JSON.parse(t.text(result))).toEqual({
      objects: [{ path: 'reports/2025/big.bin', size: MAX_OBJECT_BYTES + 10 }],
      truncated: true,
    });
    expect(fake.buckets).toEqual([S3_BUCKET]);
  });

  it('reads a text object, and refuses a missing or too large one', async () => {
    expect(t.text(await t.callTool('s3_get_object', { path: 'readme.txt' }))).toBe('hello');
    const missing = await t.callTool('s3_get_object', { path: 'nope.txt' });
    expect(missing.isError).toBe(true);
    expect(t.text(missing)).toMatch(/no such object/);
    const big = await t.callTool('s3_get_object', { path: 'reports/2025/big.bin' });
    expect(big.isError).toBe(true);
    expect(t.text(big)).toMatch(/larger than/);
  });

  it('gets a DynamoDB item by key', async () => {
    const result = await t.callTool('dynamodb_get_item', { id: 'u-1' });
    expect(JSON.parse(t.text(result))).toEqual({ item: { userId: 'u-1', name: 'Ada', plan: 'pro' } });
  });

  it.each([
    ['s3_get_object', 'a missing key', {}],
    ['s3_get_object', 'another bucket', { path: 'readme.txt', bucket: 'someone-elses-bucket' }],
    ['s3_get_object', 'a control character', { path: 'readme.txt\u0000' }],
    ['s3_list_objects', 'too many keys', { maxKeys: 10_000 }],
    ['dynamodb_get_item', 'an expression instead of an id', { id: 'u-1 OR 1=1' }],
  ])('%s rejects %s', async (tool, _case, args) => {
    const result = await t.callTool(tool, args);
    expect(result.isError).toBe(true);
    expect(fake.buckets).toEqual([]);
  });

  it('denies calls over the rate limit', async () => {
    for (let i = 0; i < S3_GET_OBJECT_LIMIT; i++) {
      expect((await t.callTool('s3_get_object', { path: 'readme.txt' })).isError).toBeFalsy();
    }
    const denied = await t.callTool('s3_get_object', { path: 'readme.txt' });
    expect(denied.isError).toBe(true);
    expect(t.text(denied)).toMatch(/rate limit exceeded for s3_get_object; retry in \d+ ?s/);
  });
});

describe('IAM declarations', () => {
  it('name exact actions on the configured resources, no wildcards', () => {
    const iam = Object.fromEntries(
      tools.map((tool) => [readToolDefinition(tool).name, readToolDefinition(tool).iam]),
    );
    expect(iam).toEqual({
      s3_list_objects: [{ actions: ['s3:ListBucket'], resources: [S3_BUCKET_ARN] }],
      s3_get_object: [{ actions: ['s3:GetObject'], resources: [S3_OBJECTS_ARN] }],
      dynamodb_get_item: [{ actions: ['dynamodb:GetItem'], resources: [DYNAMODB_TABLE_ARN] }],
    });
    for (const declarations of Object.values(iam)) {
      for (const { actions } of declarations) expect(actions.some((a) => a.includes('*'))).toBe(false);
    }
  });
});
