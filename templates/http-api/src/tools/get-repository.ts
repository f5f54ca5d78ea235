import {
  Audit,
  Egress,
  Inject,
  RateLimit,
  ReadOnly,
  SafeFetch,
  Secret,
  SecretValue,
  Tool,
  type ToolContext,
} from 'secure-mcp';
import { GITHUB_API, GITHUB_HOST, type GitHubApi, githubGet, RepositoryRef, repoPath } from '../github';

export class GetRepositoryInput extends RepositoryRef {}

interface RepositoryResponse {
  full_name: string;
  description: string | null;
  html_url: string;
  default_branch: string;
  stargazers_count: number;
  open_issues_count: number;
  private: boolean;
  archived: boolean;
}

@Tool({
  name: 'get_repository',
  description: 'Describe a GitHub repository: description, default branch, stars, open issues',
  input: GetRepositoryInput,
})
@ReadOnly()
@RateLimit({ limit: 30, window: '1m' })
@Audit()
@Egress(GITHUB_HOST)
export class GetRepositoryTool {
  constructor(
    private readonly http: SafeFetch,
    @Secret('GITHUB_TOKEN') private readonly token: SecretValue,
    @Inject(GITHUB_API) private readonly api: GitHubApi,
  ) {}

  async execute(input: GetRepositoryInput, ctx: ToolContext) {
    const repo = await githubGet<RepositoryResponse>(
      this.http,
      this.api,
      this.token,
      repoPath(input),
      ctx.signal,
    );
    // Pass on the fields the model needs, not the whole payload.
    return {
      fullName: repo.full_name,
      description: repo.description,
      url: repo.html_url,
      defaultBranch: repo.default_branch,
      stars: repo.stargazers_count,
      openIssues: repo.open_issues_count,
      private: repo.private,
      archived: repo.archived,
    };
  }
}
