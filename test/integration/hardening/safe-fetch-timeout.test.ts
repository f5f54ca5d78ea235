import 'reflect-metadata';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IsString } from 'class-validator';
import { ReadOnly, SafeFetch, Tool } from '../../../src';
import { createTestClient, type TestClient } from '../../../src/testing';

// Same class as "deep paths continue after the call's timeout": a SafeFetch request made by a tool that ignores
// ctx.signal went on until SafeFetch's own time limit. Tools now get SafeFetch bound to the call's signal.

class UrlInput {
  @IsString() url!: string;
}

@Tool({
  name: 'slow_fetch',
  description: 'Fetches without passing a signal',
  input: UrlInput,
  timeoutMs: 200,
})
@ReadOnly()
class SlowFetchTool {
  constructor(private readonly http: SafeFetch) {}
  async execute(input: UrlInput) {
    return (await this.http.fetch(input.url)).text(); // no { signal: ctx.signal }: the framework binds it
  }
}

describe('a SafeFetch request does not outlive its call', () => {
  let api: Server;
  let port: number;
  const closed: number[] = [];
  let t: TestClient;
  beforeAll(async () => {
    // Never answers; records when the client side goes away.
    api = createHttpServer((req) => req.socket.once('close', () => closed.push(performance.now())));
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    port = (api.address() as AddressInfo).port;
    t = await createTestClient({
      tools: [SlowFetchTool],
      network: {
        allow: ['slow.test'],
        allowHttp: true,
        timeoutMs: 20_000,
        dangerouslyAllowLoopbackForTests: true,
        lookup: async () => [{ address: '127.0.0.1', family: 4 as const }],
      },
    });
  });
  afterAll(async () => {
    await t.close();
    api.closeAllConnections();
    await new Promise((r) => api.close(r));
  });

  it('a bound SafeFetch can be bound again (views of views)', () => {
    const base = new SafeFetch({ allow: ['slow.test'] });
    const twice = base.withSignal(new AbortController().signal).withSignal(new AbortController().signal);
    expect(twice).toBeInstanceOf(SafeFetch);
    expect(twice.allowedHosts).toEqual(['slow.test']);
  });

  it('the connection is closed when the tool times out, not 20 s later', async () => {
    const result = await t.callTool('slow_fetch', { url: `http://slow.test:${port}/` });
    const endedAt = performance.now();
    expect(t.text(result)).toBe('tool slow_fetch timed out after 200 ms');
    for (let i = 0; i < 100 && closed.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(closed).toHaveLength(1);
    expect(closed[0] - endedAt).toBeLessThan(2_000);
  });
});
