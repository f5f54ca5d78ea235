import { setting } from 'secure-mcp';

/**
 * The AWS resources this server may read: change them to yours. The tools use them and their
 * `@IamPolicy` declarations are built from them, so `npm run iam-policy` always prints a policy that grants
 * exactly what the tools do, on exactly these resources.
 */
/** AWS_REGION from the environment, else the project's .env, else this default. */
export const AWS_REGION = setting('AWS_REGION') ?? 'us-east-1';
export const AWS_ACCOUNT_ID = '123456789012';

export const S3_BUCKET = 'my-app-data';
/** `s3:ListBucket` is granted on the bucket itself... */
export const S3_BUCKET_ARN = `arn:aws:s3:::${S3_BUCKET}`;
/** ...and `s3:GetObject` on the objects in it. */
export const S3_OBJECTS_ARN = `${S3_BUCKET_ARN}/*`;

export const DYNAMODB_TABLE = 'Users';
/** Partition key of the table (a string). */
export const DYNAMODB_KEY = 'userId';
export const DYNAMODB_TABLE_ARN = `arn:aws:dynamodb:${AWS_REGION}:${AWS_ACCOUNT_ID}:table/${DYNAMODB_TABLE}`;
