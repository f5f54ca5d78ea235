import 'reflect-metadata';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IsString } from 'class-validator';
import { Egress, ReadOnly, SafeFetch, StartupError, Tool } from '../../src';
import { createTestClient } from '../../src/testing';

class UrlInput {
  @IsString() url!: string;
}

@Tool({ name: 'fetch_any', description: 'Any allowlisted host', input: UrlInput })
@ReadOnly()
class FetchAnyTool {
  constructor(private readonly http: SafeFetch) {}
  async execute(input: UrlInput) {
    return (await this.http.fetch(input.url)).text();
  }
}

@Tool({ name: 'fetch_a', description: 'Only a.test', input: UrlInput })
@ReadOnly()
@Egress('a.test')
class FetchATool {
  constructor(private readonly http: SafeFetch) {}
  async execute(input: UrlInput) {
    return (await this.http.fetch(input.url)).text();
  }
}

/** `createServer({ network })` builds SafeFetch once; `@Egress` narrows it per tool. Local server only. */
describe('SafeFetch wiring from createServer options', () => {
  let api: Server;
  let port: number;
  beforeAll(async () => {
    api = createHttpServer((req, res) => res.end(`hello from ${req.headers.host?.split(':')[0]}`));
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    port = (api.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => api.close(r)));

  const network = () => ({
    allow: ['a.test', 'b.test'],
    allowHttp: true,
    dangerouslyAllowLoopbackForTests: true,
    lookup: async () => [{ address: '127.0.0.1', family: 4 as const }],
  });

  it('serves the server allowlist, narrows @Egress tools, refuses the rest with a clear message', async () => {
    const t = await createTestClient({ tools: [FetchAnyTool, FetchATool], network: network() });
    expect(t.text(await t.callTool('fetch_any', { url: `http://b.test:${port}/` }))).toBe(
      'hello from b.test',
    );
    expect(t.text(await t.callTool('fetch_a', { url: `http://a.test:${port}/` }))).toBe('hello from a.test');
    const narrowed = await t.callTool('fetch_a', { url: `http://b.test:${port}/` });
    expect(narrowed.isError).toBe(true);
    expect(t.text(narrowed)).toMatch(/^egress to host 'b\.test' is not allowed/);
    const outside = await t.callTool('fetch_any', { url: `http://evil.test:${port}/` });
    expect(t.text(outside)).toMatch(/^egress to host 'evil\.test' is not allowed; add it to network\.allow/);
    await t.close();
  });

  it('refuses to start a tool that injects SafeFetch without a network allowlist', async () => {
    const error = await createTestClient({ tools: [FetchAnyTool] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(
      /FetchAnyTool .* uses SafeFetch but the server has no network allowlist/,
    );
  });

  it('refuses @Egress hosts outside network.allow at start-up', async () => {
    const error = await createTestClient({
      tools: [FetchATool],
      network: { ...network(), allow: ['b.test'] },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/FetchATool \(tool "fetch_a"\): @Egress: .*a\.test/);
  });
});
