import { IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  Audit,
  Description,
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

/** Calls per minute for one caller; the tests use it to provoke a denial. */
export const LIST_OPEN_ISSUES_LIMIT = 20;

export class ListOpenIssuesInput extends RepositoryRef {
  @Description('How many issues (newest first), 1 to 50; default 10')
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

interface IssueResponse {
  number: number;
  title: string;
  html_url: string;
  user: { login: string } | null;
  labels: Array<{ name: string } | string>;
  pull_request?: unknown;
}

@Tool({
  name: 'list_open_issues',
  description: 'List the newest open issues of a GitHub repository (pull requests left out)',
  input: ListOpenIssuesInput,
})
@ReadOnly()
@RateLimit({ limit: LIST_OPEN_ISSUES_LIMIT, window: '1m' })
@Audit()
@Egress(GITHUB_HOST)
export class ListOpenIssuesTool {
  constructor(
    private readonly http: SafeFetch,
    @Secret('GITHUB_TOKEN') private readonly token: SecretValue,
    @Inject(GITHUB_API) private readonly api: GitHubApi,
  ) {}

  async execute(input: ListOpenIssuesInput, ctx: ToolContext) {
    const query = new URLSearchParams({ state: 'open', per_page: String(input.limit ?? 10) });
    const issues = await githubGet<IssueResponse[]>(
      this.http,
      this.api,
      this.token,
      `${repoPath(input)}/issues?${query}`,
      ctx.signal,
    );
    return {
      issues: issues
        .filter((issue) => issue.pull_request === undefined)
        .map((issue) => ({
          number: issue.number,
          title: issue.title,
          author: issue.user?.login ?? null,
          labels: issue.labels.map((label) => (typeof label === 'string' ? label : label.name)),
          url: issue.html_url,
        })),
    };
  }
}
