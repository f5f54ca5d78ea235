import { connectClient, rawPost, startHttp, token, type Started } from '../http/helpers';
import { WhoAmITool } from '../http/tools';

let s: Started;
beforeAll(async () => {
  s = await startHttp([WhoAmITool]);
});
afterAll(() => s.server.close());

describe('a JSON-RPC request with an extra top-level member over HTTP (issue 11)', () => {
  it('gets an invalid-request error carrying its id, and the session keeps working', async () => {
    const bearer = await token({});
    const { client, transport } = await connectClient(s.listener.url, bearer);
    const headers = {
      Authorization: `Bearer ${bearer}`,
      'Mcp-Session-Id': transport.sessionId!,
      'Mcp-Protocol-Version': '2025-06-18',
    };
    const extra = JSON.stringify({ jsonrpc: '2.0', id: 77, method: 'tools/list', params: {}, extra: 1 });
    const answer = await rawPost(s.listener.url, headers, extra);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      jsonrpc: '2.0',
      id: 77,
      error: {
        code: -32600,
        message: 'message is not a valid JSON-RPC 2.0 request (unknown or malformed members)',
      },
    });
    const unreadable = JSON.stringify({ jsonrpc: '2.0', id: { not: 'an id' }, method: 'tools/list' });
    expect(JSON.parse((await rawPost(s.listener.url, headers, unreadable)).body)).toMatchObject({ id: null });
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['whoami']);
    await client.close();
  });
});
