import { setting } from 'secure-mcp';
import type { DynamoDbReader, S3Reader } from './readers';

/** The packages the readers load on first use. */
export const AWS_SDK_PACKAGES = ['@aws-sdk/client-s3', '@aws-sdk/client-dynamodb', '@aws-sdk/util-dynamodb'];

/** The {@link AWS_SDK_PACKAGES} that are not installed, so start-up can say so before the first call fails. */
export function missingSdkPackages(resolve: (name: string) => unknown = require.resolve): string[] {
  return AWS_SDK_PACKAGES.filter((name) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/** What start-up prints (stderr, which clients show in their server log) when the SDK is missing; else undefined. */
export function sdkStartupWarning(projectDir: string, missing = missingSdkPackages()): string | undefined {
  if (missing.length === 0) return undefined;
  return (
    `The AWS SDK is not installed (${missing.join(', ')}): the tools will fail until you run ` +
    `\`npm install ${missing.join(' ')}\` in ${projectDir}`
  );
}

/**
 * The readers backed by the AWS SDK for JavaScript v3. The SDK is not a dependency of a new project (it is
 * large, and tests do not need it); install it when you connect to AWS:
 *
 *   npm install @aws-sdk/client-s3 @aws-sdk/client-dynamodb @aws-sdk/util-dynamodb
 *
 * It is loaded on first use, so `npm test`, `secure-mcp tools` and `npm run iam-policy` work without it.
 * Credentials come from the SDK's default chain (AWS_PROFILE, SSO, a role...), never from this code; an
 * AWS_PROFILE in the project's .env is passed on, as the SDK itself reads only the environment.
 */
export function createSdkReaders(region: string): { s3: S3Reader; dynamodb: DynamoDbReader } {
  const config = { region, profile: setting('AWS_PROFILE') };
  let s3Client: SdkClient | undefined;
  let dynamoClient: SdkClient | undefined;
  const s3 = () => (s3Client ??= new (load<S3Module>('@aws-sdk/client-s3').S3Client)(config));
  const dynamo = () =>
    (dynamoClient ??= new (load<DynamoModule>('@aws-sdk/client-dynamodb').DynamoDBClient)(config));

  return {
    s3: {
      async listObjects(bucket, prefix, maxKeys, signal) {
        const { ListObjectsV2Command } = load<S3Module>('@aws-sdk/client-s3');
        const out = await s3().send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: maxKeys }),
          {
            abortSignal: signal,
          },
        );
        const contents = (out.Contents ?? []) as Array<{ Key?: string; Size?: number; LastModified?: Date }>;
        return {
          objects: contents.map((o) => ({
            path: o.Key ?? '',
            size: o.Size ?? 0,
            lastModified: o.LastModified?.toISOString(),
          })),
          truncated: out.IsTruncated === true,
        };
      },
      async getText(bucket, key, maxBytes, signal) {
        const { GetObjectCommand } = load<S3Module>('@aws-sdk/client-s3');
        try {
          // Ask for one byte more than allowed: receiving it means the object is too large, and nothing
          // bigger is ever downloaded.
          const out = await s3().send(
            new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${maxBytes}` }),
            { abortSignal: signal },
          );
          const bytes: Uint8Array = await out.Body.transformToByteArray();
          if (bytes.byteLength > maxBytes) return { tooLarge: true };
          return { text: Buffer.from(bytes).toString('utf8'), contentType: out.ContentType };
        } catch (error) {
          if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
          throw error;
        }
      },
    },
    dynamodb: {
      async getItem(table, keyName, keyValue, signal) {
        const { GetItemCommand } = load<DynamoModule>('@aws-sdk/client-dynamodb');
        const { unmarshall } = load<DynamoUtilModule>('@aws-sdk/util-dynamodb');
        const out = await dynamo().send(
          new GetItemCommand({ TableName: table, Key: { [keyName]: { S: keyValue } } }),
          {
            abortSignal: signal,
          },
        );
        return out.Item ? unmarshall(out.Item) : undefined;
      },
    },
  };
}

// The few SDK shapes used above, so the project compiles without the SDK installed.
interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<any>;
}
type SdkCommand = new (input: Record<string, unknown>) => unknown;
interface S3Module {
  S3Client: new (config: { region: string; profile?: string }) => SdkClient;
  ListObjectsV2Command: SdkCommand;
  GetObjectCommand: SdkCommand;
}
interface DynamoModule {
  DynamoDBClient: new (config: { region: string; profile?: string }) => SdkClient;
  GetItemCommand: SdkCommand;
}
interface DynamoUtilModule {
  unmarshall(item: Record<string, unknown>): Record<string, unknown>;
}

function load<T>(name: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    // Reaches the server log (the client sees a generic error with a reference id).
    throw new Error(`${name} is not installed: run \`npm install ${AWS_SDK_PACKAGES.join(' ')}\``);
  }
}
