import { AWS_SDK_PACKAGES, sdkStartupWarning } from '../../../templates/aws/src/aws/sdk-readers';

// Issue 17 item 6: the aws template says at start-up that @aws-sdk/* is missing, not only at the first call.

describe('aws template without the AWS SDK', () => {
  it('has a start-up warning naming the packages and the install command', () => {
    const missing = [...AWS_SDK_PACKAGES];
    expect(sdkStartupWarning('/work/app', missing)).toBe(
      'The AWS SDK is not installed (@aws-sdk/client-s3, @aws-sdk/client-dynamodb, @aws-sdk/util-dynamodb): the ' +
        'tools will fail until you run `npm install @aws-sdk/client-s3 @aws-sdk/client-dynamodb ' +
        '@aws-sdk/util-dynamodb` in /work/app',
    );
  });

  it('finds what is missing here, and says nothing when all is installed', () => {
    // This repository does not install the AWS SDK.
    expect(sdkStartupWarning('/work/app')).toMatch(/^The AWS SDK is not installed \(@aws-sdk\/client-s3/);
    expect(sdkStartupWarning('/work/app', [])).toBeUndefined();
  });
});
