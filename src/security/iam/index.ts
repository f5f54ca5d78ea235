export {
  buildIamPolicy,
  declarationProblems,
  IamPolicyError,
  type IamPolicyDocument,
  type IamProblem,
  type IamStatement,
  type ToolIamDeclarations,
} from './build';
export { isWildcardAction, isWildcardResource } from './wildcard';
