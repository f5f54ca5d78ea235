import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { adoptWebStandardSession as adoptSession } from '../../../src/server/sdk-lines/adopt-session';

/**
 * A replica serving a session it never initialized relies on `adoptSession`, which sets private fields of
 * the installed SDK's transport (there is no public way). This pins that down against the real SDK: if an
 * update renames or hides the fields, this fails here, by name, not only as a 400 in the replica tests.
 */
describe('adoptSession on the installed SDK transport', () => {
  let http: HttpServer;
  let url: string;
  let transport: StreamableHTTPServerTransport;

  async function serve(adopt: boolean): Promise<void> {
    transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => 'never-used' });
    if (adopt) adoptSession(transport, 'adopted-session');
    await new Server({ name: 'adopt-test', version: '1' }, { capabilities: {} }).connect(transport);
  }

  beforeAll(async () => {
    http = createServer((req, res) => void transport.handleRequest(req, res));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  });

  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
  });

  afterEach(async () => {
    await transport.close();
  });

  const ping = () =>
    fetch(url, {
      method: 'POST',
      headers: {
        Accept: 'application/json, text/event-stream',
        'Content-Type': 'application/json',
        'mcp-session-id': 'adopted-session',
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });

  it('serves a request of the adopted session without an initialize', async () => {
    await serve(true);
    expect(transport.sessionId).toBe('adopted-session');
    const res = await ping();
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('"result":{}');
  });

  it('(control) a fresh transport refuses it: adoption is what makes the difference', async () => {
    await serve(false);
    const res = await ping();
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Server not initialized');
  });

  it('says clearly when a transport has no such field, instead of leaving sessions uninitialized', () => {
    expect(() => adoptSession({} as never, 'x')).toThrow(/cannot adopt a session/);
  });
});
