import { IAM_POLICIES } from '../metadata/keys';
import type { IamPolicyDeclaration } from '../metadata/types';

/**
 * Declares the AWS permissions the tool needs. `secure-mcp iam-policy` merges all declarations into one
 * least-privilege policy; wildcards are refused unless `allowWildcard` is set with a `reason`.
 */
export function IamPolicy(declaration: IamPolicyDeclaration): ClassDecorator {
  return (target) => {
    const existing: IamPolicyDeclaration[] = Reflect.getOwnMetadata(IAM_POLICIES, target) ?? [];
    Reflect.defineMetadata(IAM_POLICIES, [...existing, { ...declaration }], target);
  };
}
