import { IsString, Matches, MaxLength } from 'class-validator';
import { SafeFetch, SecretValue, ToolError } from 'secure-mcp';

/** DI token of the API location; tests point it at a local server. */
export const GITHUB_API = Symbol('GITHUB_API');
export interface GitHubApi {
  baseUrl: string;
}
export const GITHUB_HOST = 'api.github.com';
export const DEFAULT_GITHUB_API: GitHubApi = { baseUrl: `https://${GITHUB_HOST}` };

/** `owner` and `repo`, validated to GitHub's own naming rules before they reach a URL. */
export class RepositoryRef {
  @IsString()
  @Matches(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, {
    message: 'owner must be a GitHub user or organisation name',
  })
  owner!: string;

  @IsString()
  @MaxLength(100)
  @Matches(/^(?!\.{1,2}$)[A-Za-z0-9._-]+$/, { message: 'repo must be a GitHub repository name' })
  repo!: string;
}

/**
 * GET a GitHub API path with the token. SafeFetch only reaches hosts in `network.allow` (and the tool's
 * `@Egress`), re-checks every redirect and caps size and time; the token goes in a header, never the URL.
 * API error bodies are not passed on: they can quote the request.
 */
export async function githubGet<T>(
  http: SafeFetch,
  api: GitHubApi,
  token: SecretValue,
  pathname: string,
  signal?: AbortSignal,
): Promise<T> {
  const response = await http.fetch(new URL(pathname, api.baseUrl), {
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token.reveal()}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': '__SERVER_NAME__',
    },
    redirect: 'follow',
    signal,
  });
  if (response.status === 404) throw new ToolError('not found, or the token may not read it');
  if (response.status === 401) throw new ToolError('GitHub refused the token (401): check GITHUB_TOKEN');
  if (response.status === 403 || response.status === 429) {
    throw new ToolError(`GitHub refused the request (${response.status}): rate limit or missing permission`);
  }
  if (!response.ok) throw new ToolError(`GitHub API answered ${response.status}`);
  return (await response.json()) as T;
}

export function repoPath({ owner, repo }: RepositoryRef): string {
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}
