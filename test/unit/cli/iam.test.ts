import {
  buildIamPolicy,
  IamPolicyError,
  isWildcardAction,
  isWildcardResource,
} from '../../../src/security/iam';

describe('IAM policy merge', () => {
  it('dedupes, unions resources per action, groups by resource set and sorts', () => {
    const doc = buildIamPolicy([
      {
        tool: 'a',
        declarations: [{ actions: ['s3:ListBucket', 's3:GetObject'], resources: ['arn:aws:s3:::data'] }],
      },
      {
        tool: 'b',
        declarations: [
          { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::data/*', 'arn:aws:s3:::data'] },
        ],
      },
      {
        tool: 'c',
        declarations: [
          {
            actions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Query'],
            resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/Users'],
          },
        ],
      },
    ]);
    expect(doc).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SecureMcp01',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:Query'],
          Resource: ['arn:aws:dynamodb:us-east-1:123456789012:table/Users'],
        },
        { Sid: 'SecureMcp02', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::data'] },
        {
          Sid: 'SecureMcp03',
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'],
        },
      ],
    });
  });

  it("refuses the seed's Bad policy and wildcards without a reason", () => {
    expect(() =>
      buildIamPolicy([{ tool: 'bad', declarations: [{ actions: ['s3:*'], resources: ['*'] }] }]),
    ).toThrow(IamPolicyError);
    try {
      buildIamPolicy([
        {
          tool: 'x',
          declarations: [{ actions: ['s3:Get*'], resources: ['arn:aws:s3:::b'], allowWildcard: true }],
        },
        { tool: 'y', declarations: [{ actions: ['GetObject'], resources: ['arn:aws:s3:::b'] }] },
      ]);
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as IamPolicyError).problems).toEqual([
        { tool: 'x', message: 'allowWildcard for s3:Get* needs a reason' },
        { tool: 'y', message: '"GetObject" is not an IAM action (service:Action)' },
      ]);
    }
  });

  it('accepts a wildcard with allowWildcard and a reason', () => {
    const doc = buildIamPolicy([
      {
        tool: 'x',
        declarations: [{ actions: ['logs:*'], resources: ['*'], allowWildcard: true, reason: 'log shipper' }],
      },
    ]);
    expect(doc.Statement).toEqual([
      { Sid: 'SecureMcp01', Effect: 'Allow', Action: ['logs:*'], Resource: ['*'] },
    ]);
  });

  it('knows which actions and resources are wildcards', () => {
    expect(['*', 's3:*', 's3:Get*'].every(isWildcardAction)).toBe(true);
    expect(isWildcardAction('s3:GetObject')).toBe(false);
    for (const r of [
      '*',
      'arn:aws:s3:::*',
      'arn:aws:s3:::docs-*',
      'arn:aws:dynamodb:*:123:table/Users',
      'arn:aws:dynamodb:us-east-1:123:table/*',
      'arn:aws:lambda:us-east-1:123:function:*',
    ]) {
      expect([r, isWildcardResource(r)]).toEqual([r, true]);
    }
    for (const r of [
      'arn:aws:s3:::my-app-data',
      'arn:aws:s3:::my-app-data/*',
      'arn:aws:dynamodb:us-east-1:123:table/Users',
      'arn:aws:dynamodb:us-east-1:123:table/Users/index/*',
    ]) {
      expect([r, isWildcardResource(r)]).toEqual([r, false]);
    }
  });
});
