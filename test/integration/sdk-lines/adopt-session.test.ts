import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSdkLine } from '../../../src/server/sdk-lines/load-line';
import type { LineHttpTransport, SdkLine } from '../../../src/server/sdk-lines/types';

/**
 * A replica rebuilding a session it never saw marks a fresh SDK transport as initialised for that session id
 * (no SDK line has a public way to do it; `adoptSession` sets a private field). This drives each line's real
 * Streamable HTTP transport over loopback: without adoption the SDK refuses a request for the session, with
 * it the request is served. It fails the day an SDK release renames or changes the field.
 */
describe.each([['1'], ['2']] as const)('session adoption on SDK line %s', (id) => {
  let line: SdkLine;
  let http: Server;
  let url: string;
  let current: LineHttpTransport | undefined;

  beforeAll(async () => {
    line = loadSdkLine(id);
    http = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on(
        'end',
        () => void current!.handleRequest(req, res, JSON.parse(Buffer.concat(chunks).toString())),
      );
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  });

  afterAll(async () => {
    await current?.close();
    await new Promise((resolve) => http.close(resolve));
  });

  async function freshTransport(): Promise<LineHttpTransport> {
    await current?.close();
    const server = line.createServer({ name: 'adopt', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.onRequest('tools/list', async () => ({ tools: [] }));
    current = line.http().createTransport({ sessionIdGenerator: () => 'session-from-redis' });
    await server.connect(current);
    return current;
  }

  const listTools = () =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': 'session-from-redis',
        'mcp-protocol-version': line.protocolVersions.supported[0]!,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });

  it('a fresh transport refuses the session; an adopted one serves it', async () => {
    await freshTransport();
    expect((await listTools()).status).toBe(400); // not initialised

    const adopted = await freshTransport();
    line.http().adoptSession(adopted, 'session-from-redis');
    expect(adopted.sessionId).toBe('session-from-redis');
    const response = await listTools();
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('"tools":[]');
  });

  it('refuses to guess when the transport does not have the fields it sets', () => {
    const foreign = { sessionId: undefined } as unknown as LineHttpTransport;
    expect(() => line.http().adoptSession(foreign, 'x')).toThrow(/cannot adopt a session/);
  });
});
