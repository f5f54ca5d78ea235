import 'reflect-metadata';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { GITHUB_API, GITHUB_HOST } from '../src/github';
import { FAKE_GITHUB_TOKEN } from './fixtures/fake-secrets';
import { GetRepositoryTool } from '../src/tools/get-repository';
import { LIST_OPEN_ISSUES_LIMIT, ListOpenIssuesTool } from '../src/tools/list-open-issues';

/** Mid-minute: see `rateLimit.clock` below. */
const FIXED_CLOCK = () => Date.UTC(2026, 0, 1, 12, 0, 30);

// A made-up token: tests never see a real one, and the assertions below check it does not leak.
const TOKEN = FAKE_GITHUB_TOKEN;

/** A stand-in for api.github.com on 127.0.0.1 that records what it was sent. */
function fakeGitHub() {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/repos/octo/hello') {
      return send(200, {
        full_name: 'octo/hello',
        description: 'A test repository',
        html_url: 'https://github.com/octo/hello',
        default_branch: 'main',
        stargazers_count: 42,
        open_issues_count: 2,
        private: false,
        archived: false,
        owner: { login: 'octo' },
      });
    }
    if (req.url?.startsWith('/repos/octo/hello/issues?')) {
      return send(200, [
        { number: 2, title: 'Crash', html_url: 'u2', user: { login: 'a' }, labels: [{ name: 'bug' }] },
        { number: 1, title: 'A PR', html_url: 'u1', user: { login: 'b' }, labels: [], pull_request: {} },
      ]);
    }
    // A misbehaving API that quotes the request headers back, token included.
    if (req.url === '/repos/octo/echo') return send(200, { full_name: `echo ${req.headers.authorization}` });
    send(404, { message: 'Not Found' });
  });
  return { server, requests };
}

describe('GitHub tools', () => {
  let api: Server;
  let requests: IncomingMessage[];
  let t: TestClient;

  beforeAll(async () => {
    ({ server: api, requests } = fakeGitHub());
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => api.close(() => resolve())));

  beforeEach(async () => {
    requests.length = 0;
    const { port } = api.address() as AddressInfo;
    t = await createTestClient({
      tools: [GetRepositoryTool, ListOpenIssuesTool],
      // Same host name as production; the fake DNS answer sends it to the local server. Loopback and plain
      // http are allowed here only: these options exist for tests.
      network: {
        allow: [GITHUB_HOST],
        allowHttp: true,
        dangerouslyAllowLoopbackForTests: true,
        lookup: async () => [{ address: '127.0.0.1', family: 4 }],
      },
      providers: [{ token: GITHUB_API, useValue: { baseUrl: `http://${GITHUB_HOST}:${port}` } }],
      secrets: { values: { GITHUB_TOKEN: TOKEN }, envFile: false, keychain: false },
      // Limits count per clock-aligned window (1m: whole minutes): a fixed clock keeps the rate-limit test from
      // straddling a minute boundary, where the count starts again.
      rateLimit: { clock: FIXED_CLOCK },
    });
  });
  afterEach(() => t.close());

  it('gets a repository with the token in the Authorization header only', async () => {
    const result = await t.callTool('get_repository', { owner: 'octo', repo: 'hello' });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(t.text(result))).toMatchObject({
      fullName: 'octo/hello',
      stars: 42,
      defaultBranch: 'main',
    });
    expect(requests).toHaveLength(1);
    expect(requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(requests[0].url).not.toContain(TOKEN);
  });

  it('lists open issues without pull requests', async () => {
    const result = await t.callTool('list_open_issues', { owner: 'octo', repo: 'hello', limit: 5 });
    expect(JSON.parse(t.text(result))).toEqual({
      issues: [{ number: 2, title: 'Crash', author: 'a', labels: ['bug'], url: 'u2' }],
    });
    expect(requests[0].url).toBe('/repos/octo/hello/issues?state=open&per_page=5');
  });

  it('turns API errors into short messages', async () => {
    const result = await t.callTool('get_repository', { owner: 'octo', repo: 'missing' });
    expect(result.isError).toBe(true);
    expect(t.text(result)).toMatch(/not found/);
  });

  it('never returns the token, even when the API echoes it', async () => {
    const result = await t.callTool('get_repository', { owner: 'octo', repo: 'echo' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it.each([
    ['a path in the owner', { owner: '../admin', repo: 'x' }],
    ['a dot-dot repo', { owner: 'octo', repo: '..' }],
    ['a query in the repo', { owner: 'octo', repo: 'hello?per_page=100' }],
    ['a limit over 50', { owner: 'octo', repo: 'hello', limit: 500 }],
    ['an unknown property', { owner: 'octo', repo: 'hello', url: 'http://169.254.169.254/' }],
  ])('rejects %s before any request', async (_case, args) => {
    const result = await t.callTool('list_open_issues', args);
    expect(result.isError).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it('denies calls over the rate limit', async () => {
    for (let i = 0; i < LIST_OPEN_ISSUES_LIMIT; i++) {
      expect((await t.callTool('list_open_issues', { owner: 'octo', repo: 'hello' })).isError).toBeFalsy();
    }
    const denied = await t.callTool('list_open_issues', { owner: 'octo', repo: 'hello' });
    expect(denied.isError).toBe(true);
    expect(t.text(denied)).toMatch(/rate limit exceeded for list_open_issues; retry in \d+ ?s/);
    expect(requests).toHaveLength(LIST_OPEN_ISSUES_LIMIT);
  });
});

describe('egress allowlist', () => {
  it('refuses a host that is not allowed, before connecting', async () => {
    const t = await createTestClient({
      tools: [GetRepositoryTool],
      network: { allow: [GITHUB_HOST] },
      providers: [{ token: GITHUB_API, useValue: { baseUrl: 'https://evil.example' } }],
      secrets: { values: { GITHUB_TOKEN: TOKEN }, envFile: false, keychain: false },
    });
    try {
      const result = await t.callTool('get_repository', { owner: 'octo', repo: 'hello' });
      expect(result.isError).toBe(true);
      expect(t.text(result)).toMatch(/egress to host 'evil\.example' is not allowed/);
    } finally {
      await t.close();
    }
  });
});
