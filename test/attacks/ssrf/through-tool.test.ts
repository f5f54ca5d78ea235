import 'reflect-metadata';
import { IsString, MaxLength } from 'class-validator';
import { ReadOnly, Tool, type ToolContext } from '../../../src';
import { SafeFetch, type EgressErrorCode } from '../../../src/security/egress';
import { createTestClient, type TestClient } from '../../../src/testing';
import { fakeDns, useLocalRig } from './harness';
import { INTERNAL_DNS, REDIRECT_PAYLOADS, URL_PAYLOADS } from './payloads';

/**
 * The whole corpus again, as a model would send it: arguments of a real `@Tool` over the real SDK client.
 * The tool is the kind people write (fetch a URL the model chose); SafeFetch is what makes it safe.
 */
class FetchUrlInput {
  @IsString() @MaxLength(4096) url!: string;
}

@Tool({ name: 'fetch_url', description: 'Fetch a URL and return its text', input: FetchUrlInput })
@ReadOnly()
class FetchUrlTool {
  constructor(private readonly http: SafeFetch) {}

  async execute(input: FetchUrlInput, ctx: ToolContext) {
    const res = await this.http.fetch(input.url, { signal: ctx.signal });
    return { status: res.status, body: await res.text() };
  }
}

/** What the client must be told for each refusal code. */
const MESSAGE: Record<EgressErrorCode, RegExp> = {
  url: /^egress refused: the URL is not a valid absolute URL$/,
  scheme: /^egress refused: scheme '[a-z]+:' is not allowed/,
  host: /^egress to host '[^']+' (is not allowed; add it to network.allow|is refused: it is a cloud metadata endpoint)/,
  address: /^egress to host '[^']+' is refused: it resolves to an? [a-zA-Z0-9 -]+ address$/,
  credentials: /^egress to host '[^']+' is refused: the URL contains credentials/,
  redirect: /^egress .*redirect/,
  size: /larger than/,
  timeout: /timed out/,
  network: /failed/,
};

const rig = useLocalRig((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== '/redirect') return void res.end('hello from the api');
  res.writeHead(Number(url.searchParams.get('status')), { location: url.searchParams.get('to') ?? '/' });
  res.end();
});
const fill = rig.fill;

async function clientWith(safe: SafeFetch): Promise<TestClient> {
  return createTestClient({ tools: [FetchUrlTool], providers: [{ token: SafeFetch, useValue: safe }] });
}

describe('URL payloads through fetch_url', () => {
  const ipHosts = URL_PAYLOADS.filter((p) => p.expect === 'address')
    .map((p) => hostOf(p.url))
    .filter((host): host is string => host !== undefined && /^[\d.]+$|^\[/.test(host));
  const safe = new SafeFetch({
    allow: ['api.example.test', '*.internal.example.test', '*.google.internal', '*.ec2.internal', ...ipHosts],
    allowHttp: true,
    lookup: fakeDns(INTERNAL_DNS).lookup,
  });
  let t: TestClient;
  beforeAll(async () => (t = await clientWith(safe)));
  afterAll(async () => {
    await t.close();
    await safe.close();
  });

  it.each(URL_PAYLOADS.map((p) => [p.category, p.url, p]))('%s: %j', async (_c, _u, payload) => {
    const result = await t.callTool('fetch_url', { url: fill(payload.url) });
    expect(result.isError).toBe(true);
    expect(t.text(result)).toMatch(MESSAGE[payload.expect]);
    if (payload.message) expect(t.text(result)).toMatch(payload.message);
  });
});

describe('redirect payloads through fetch_url', () => {
  const safe = new SafeFetch({
    allow: ['api.example.test', '*.internal.example.test'],
    allowHttp: true,
    dangerouslyAllowLoopbackForTests: true,
    lookup: fakeDns({ ...INTERNAL_DNS, 'api.example.test': '127.0.0.1' }).lookup,
  });
  let t: TestClient;
  beforeAll(async () => (t = await clientWith(safe)));
  afterAll(async () => {
    await t.close();
    await safe.close();
  });

  it('control: an allowlisted URL comes back', async () => {
    const result = await t.callTool('fetch_url', { url: `http://api.example.test:${rig.api.port}/` });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ status: 200, body: 'hello from the api' });
  });

  it.each(REDIRECT_PAYLOADS.map((p) => [p.status, p.location, p]))('%s to %j', async (_s, _l, payload) => {
    const to = encodeURIComponent(fill(payload.location));
    const url = `http://api.example.test:${rig.api.port}/redirect?status=${payload.status}&to=${to}`;
    const result = await t.callTool('fetch_url', { url });
    expect(result.isError).toBe(true);
    expect(t.text(result)).toMatch(MESSAGE[payload.expect]);
  });
});

function hostOf(url: string): string | undefined {
  try {
    return new URL(url.replaceAll('{INTERNAL}', '1')).hostname;
  } catch {
    return undefined;
  }
}
