/**
 * What the tools need from AWS, as two small interfaces. The tools depend on these, not on the AWS SDK:
 * tests inject in-memory fakes, and the server injects the SDK-backed versions from `sdk-readers.ts`.
 */
export const S3_READER = Symbol('S3_READER');
export const DYNAMODB_READER = Symbol('DYNAMODB_READER');

export interface S3ObjectSummary {
  /** The object's key. */
  path: string;
  size: number;
  lastModified?: string;
}

export interface S3Reader {
  /** Up to `maxKeys` objects whose key starts with `prefix`; `truncated` when there are more. */
  listObjects(
    bucket: string,
    prefix: string,
    maxKeys: number,
    signal?: AbortSignal,
  ): Promise<{ objects: S3ObjectSummary[]; truncated: boolean }>;
  /**
   * The object as UTF-8 text, or `tooLarge` when it is bigger than `maxBytes` (readers should not download
   * more than `maxBytes + 1` bytes to find out). `undefined` when there is no such key.
   */
  getText(
    bucket: string,
    key: string,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<{ text: string; contentType?: string } | { tooLarge: true } | undefined>;
}

export interface DynamoDbReader {
  /** The item with this string partition key, as plain JSON, or `undefined`. */
  getItem(
    table: string,
    keyName: string,
    keyValue: string,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown> | undefined>;
}
