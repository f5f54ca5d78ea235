/**
 * The SDK seam (src/server/sdk-lines) does the same on both lines: the same handlers, driven by a real SDK
 * `Client` of each line over the line's in-memory pair, give the same answers.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Client as Client2 } from '@modelcontextprotocol/client';
import { Client as Client1 } from '@modelcontextprotocol/sdk/client/index.js';
import {
  ListRootsRequestSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { createServer as create } from '../../../src/server/create-server';
import { loadSdkLine } from '../../../src/server/sdk-lines/load-line';
import { LineStdioTransport } from '../../../src/server/stdio-transport';
import type { SdkLineId } from '../../../src/server/sdk-lines/select-line';
import type { LineRequestExtra, SdkLine } from '../../../src/server/sdk-lines/types';

const ROOT = join(__dirname, '../../..');

interface Harness {
  line: SdkLine;
  client: Client1;
  extras: LineRequestExtra[];
  rootsChanged: number;
  listChanged: Promise<void>;
  close(): Promise<void>;
}

async function connect(lineId: SdkLineId, clientLine: SdkLineId): Promise<Harness> {
  const line = loadSdkLine(lineId, ROOT);
  const server = line.createServer(
    { name: 'seam', version: '1.0.0' },
    { capabilities: { tools: { listChanged: true }, logging: {} }, instructions: 'seam test' },
  );
  const h = { line, extras: [] as LineRequestExtra[], rootsChanged: 0 } as Harness;
  server.onRequest('tools/list', async () => ({
    tools: [{ name: 'echo', description: 'echo', inputSchema: { type: 'object' } }],
  }));
  server.onRequest('tools/call', async (request, extra) => {
    h.extras.push(extra);
    const args = (request.params?.arguments ?? {}) as { fail?: boolean; text?: string };
    if (args.fail) throw line.protocolError(-32602, 'seam: refused in words');
    await extra.sendNotification({
      method: 'notifications/message',
      params: { level: 'info', data: 'from the handler' },
    });
    const roots = (await extra.sendRequest({ method: 'roots/list' })) as { roots: { uri: string }[] };
    return {
      content: [{ type: 'text', text: `${args.text} ${roots.roots.map((r) => r.uri).join(',')}` }],
    };
  });
  server.onNotification('notifications/roots/list_changed', () => {
    h.rootsChanged++;
  });
  const [serverSide, clientSide] = line.inMemoryPair();
  await server.connect(serverSide);
  const info = { name: 'seam-client', version: '1.0.0' };
  const client = (
    clientLine === '1'
      ? new Client1(info, { capabilities: { roots: { listChanged: true } } })
      : new Client2(info, { capabilities: { roots: { listChanged: true } } })
  ) as Client1;
  const roots = async () => ({ roots: [{ uri: 'file:///seam-root', name: 'r' }] });
  if (clientLine === '1') client.setRequestHandler(ListRootsRequestSchema, roots);
  else (client as unknown as Client2).setRequestHandler('roots/list', roots);
  h.listChanged = new Promise<void>((resolve) => {
    if (clientLine === '1')
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => resolve());
    else
      (client as unknown as Client2).setNotificationHandler('notifications/tools/list_changed', () =>
        resolve(),
      );
  });
  await client.connect(clientSide as never);
  h.client = client;
  h.close = async () => {
    await client.close();
    await server.close();
  };
  expect(server.clientCapabilities()).toEqual({ roots: { listChanged: true } });
  return Object.assign(h, { server });
}

describe.each<[SdkLineId, SdkLineId]>([
  ['1', '1'],
  ['2', '2'],
  ['2', '1'],
])('SDK seam: server line %s, client line %s', (lineId, clientLine) => {
  it('loads the line asked for, with its installed version', () => {
    const line = loadSdkLine(lineId, ROOT);
    expect(line.id).toBe(lineId);
    expect(line.version.startsWith(`${lineId}.`)).toBe(true);
  });

  it('serves list and call; the handler gets signal, id, and sends a notification and a request to the client', async () => {
    const h = await connect(lineId, clientLine);
    const logged: unknown[] = [];
    h.client.fallbackNotificationHandler = async (n) => void logged.push(n);
    expect((await h.client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    const result = await h.client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(result.content).toEqual([{ type: 'text', text: 'hi file:///seam-root' }]);
    const [extra] = h.extras;
    expect(extra!.signal).toBeInstanceOf(AbortSignal);
    expect(extra!.signal.aborted).toBe(false);
    expect(['string', 'number']).toContain(typeof extra!.requestId);
    expect(logged).toContainEqual(
      expect.objectContaining({
        method: 'notifications/message',
        params: { level: 'info', data: 'from the handler' },
      }),
    );
    await h.close();
  });

  it('a protocol error thrown by a handler reaches the client with its code and message', async () => {
    const h = await connect(lineId, clientLine);
    const error = await h.client
      .callTool({ name: 'echo', arguments: { fail: true } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: -32602 });
    expect(String((error as Error).message)).toContain('seam: refused in words');
    expect(h.line.isProtocolError(h.line.protocolError(-32600, 'x'))).toBe(true);
    expect(h.line.isProtocolError(new Error('x'))).toBe(false);
    await h.close();
  });

  it('notifications go both ways: list_changed to the client, roots/list_changed to the server', async () => {
    const h = (await connect(lineId, clientLine)) as Harness & {
      server: { notify(n: { method: string }): Promise<void> };
    };
    await h.server.notify({ method: 'notifications/tools/list_changed' });
    await h.listChanged;
    await h.client.sendRootsListChanged();
    await new Promise((r) => setTimeout(r, 20));
    expect(h.rootsChanged).toBe(1);
    await h.close();
  });
});

describe.each<SdkLineId>(['1', '2'])('secure-mcp LineStdioTransport under SDK line %s', (lineId) => {
  it('carries initialize and tools/list, and answers an over-long line with an error while staying open', async () => {
    const line = loadSdkLine(lineId, ROOT);
    const server = line.createServer(
      { name: 'stdio-seam', version: '1.0.0' },
      { capabilities: { tools: {} } },
    );
    server.onRequest('tools/list', async () => ({ tools: [] }));
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let out = '';
    stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    await server.connect(new LineStdioTransport(4096, stdin, stdout) as never);
    const replies = () =>
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { id?: number; result?: any; error?: { code: number } });
    const until = async (n: number) => {
      for (let i = 0; i < 100 && replies().length < n; i++) await new Promise((r) => setTimeout(r, 5));
    };
    const send = (m: object) => stdin.write(JSON.stringify(m) + '\n');
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
    });
    await until(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    stdin.write('x'.repeat(5000) + '\n'); // over maxLineBytes
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    await until(3);
    const [init, tooLong, list] = replies();
    expect(init).toMatchObject({ id: 1, result: { serverInfo: { name: 'stdio-seam' } } });
    expect(tooLong!.error).toBeDefined();
    expect(list).toMatchObject({ id: 2, result: { tools: [] } });
    await server.close();
  });
});

describe('createServer picks the SDK line', () => {
  const saved = process.env.SECURE_MCP_SDK_LINE;
  afterEach(() => {
    if (saved === undefined) delete process.env.SECURE_MCP_SDK_LINE;
    else process.env.SECURE_MCP_SDK_LINE = saved;
  });

  it('defaults to the newer line when both are installed; the sdk option and SECURE_MCP_SDK_LINE choose', async () => {
    delete process.env.SECURE_MCP_SDK_LINE;
    const base = { name: 'pick', version: '1.0.0', tools: [] };
    const servers: Array<{ close(): Promise<void> }> = [];
    const createServer = async (options: Parameters<typeof create>[0]) => {
      const server = await create(options);
      servers.push(server);
      return server;
    };
    expect((await createServer(base)).sdk.line).toBe('2');
    expect((await createServer({ ...base, sdk: '1' })).sdk).toEqual({
      line: '1',
      version: expect.stringMatching(/^1\./),
    });
    process.env.SECURE_MCP_SDK_LINE = '1';
    expect((await createServer(base)).sdk.line).toBe('1');
    expect((await createServer({ ...base, sdk: '2' })).sdk.line).toBe('2'); // the option wins
    process.env.SECURE_MCP_SDK_LINE = 'latest';
    await expect(createServer(base)).rejects.toThrow('SECURE_MCP_SDK_LINE must be 1 or 2');
    await Promise.all(servers.map((s) => s.close()));
  });
});
