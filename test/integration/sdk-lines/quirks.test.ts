/**
 * The 1.x quirks secure-mcp works around, checked again on the 2.x line (raw SDK `Server`s, no framework),
 * so each workaround is kept only where still needed. If a future SDK fixes one, its test here fails and the
 * workaround can go (src/server/screen-tool-calls.ts, src/server/stdio-transport.ts).
 */
import { PassThrough } from 'node:stream';
import * as v2 from '@modelcontextprotocol/server';
import { InMemoryTransport as InMemory1 } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server as Server1 } from '@modelcontextprotocol/sdk/server/index.js';
import { ReadBuffer as ReadBuffer1 } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { CallToolRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { LineStdioTransport } from '../../../src/server/stdio-transport';

type Line = '1' | '2';
interface Raw {
  ask(
    method: string,
    params: unknown,
  ): Promise<{ error?: { code: number; message: string }; result?: unknown }>;
  seen(): Record<string, unknown> | undefined;
}

/** A raw SDK server of the given line with a `tools/call` handler that records the arguments it was given. */
async function rawServer(line: Line): Promise<Raw> {
  let seen: Record<string, unknown> | undefined;
  const handler = async (request: { params: { arguments?: Record<string, unknown> } }) => {
    seen = request.params.arguments;
    return { content: [] };
  };
  const info = { name: 'quirks', version: '1' };
  const caps = { capabilities: { tools: {} } };
  let client: { send(m: object): Promise<void>; start(): Promise<void>; onmessage?: (m: any) => void };
  if (line === '1') {
    const server = new Server1(info, caps);
    server.setRequestHandler(CallToolRequestSchema, handler);
    const [c, s] = InMemory1.createLinkedPair();
    await server.connect(s);
    client = c;
  } else {
    const server = new v2.Server(info, caps);
    server.setRequestHandler('tools/call', handler as never);
    const [c, s] = v2.InMemoryTransport.createLinkedPair();
    await server.connect(s);
    client = c as never;
  }
  const replies = new Map<number, (m: any) => void>();
  client.onmessage = (m) => replies.get(m.id)?.(m);
  await client.start();
  let id = 0;
  const ask: Raw['ask'] = (method, params) =>
    new Promise((resolve) => {
      replies.set(++id, resolve);
      void client.send({ jsonrpc: '2.0', id, method, params });
    });
  await ask('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: info });
  await client.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return { ask, seen: () => seen };
}

describe.each<Line>(['1', '2'])('SDK line %s', (line) => {
  it('drops a top-level __proto__ from tools/call arguments before the handler sees it (screen-tool-calls still needed)', async () => {
    const server = await rawServer(line);
    // Exactly what a JSON parser makes of the wire text: an own `__proto__` key.
    const params = JSON.parse('{"name":"t","arguments":{"__proto__":{"isAdmin":true},"a":1}}');
    expect(Object.prototype.hasOwnProperty.call(params.arguments, '__proto__')).toBe(true);
    await server.ask('tools/call', params);
    expect(Object.keys(server.seen()!)).toEqual(['a']);
    expect(Object.prototype.hasOwnProperty.call(server.seen(), '__proto__')).toBe(false);
  });

  it('answers non-object tools/call arguments with a raw validation dump (screen-tool-calls still needed)', async () => {
    const server = await rawServer(line);
    for (const bad of [null, [1], 'text']) {
      const reply = await server.ask('tools/call', { name: 't', arguments: bad });
      // 1.x: -32603 Internal error; 2.x: the right code, -32602 Invalid params. Both: a zod issue dump.
      expect(reply.error?.code).toBe(line === '1' ? -32603 : -32602);
      expect(reply.error?.message).toContain('"code": "invalid_type"');
    }
  });

  it('re-concatenates the whole buffer per chunk in the stdio reader (LineStdioTransport still needed)', () => {
    const { ReadBuffer } =
      line === '1' ? { ReadBuffer: ReadBuffer1 } : (v2 as unknown as { ReadBuffer: typeof ReadBuffer1 });
    const copied = bytesCopiedBy(() => {
      const buffer = new ReadBuffer();
      for (const chunk of oneLineInChunks()) {
        buffer.append(chunk);
        buffer.readMessage();
      }
    });
    // 1 MiB in 1 KiB chunks: about 512 MiB copied (quadratic), against ~1 MiB for a linear reader.
    expect(copied).toBeGreaterThan(100 * LINE_BYTES);
  });
});

it('secure-mcp LineStdioTransport copies a long line about once (linear), on either line', async () => {
  const stdin = new PassThrough();
  const transport = new LineStdioTransport(4 * LINE_BYTES, stdin, new PassThrough());
  const received: unknown[] = [];
  transport.onmessage = (m) => received.push(m);
  await transport.start();
  const copied = bytesCopiedBy(() => {
    for (const chunk of oneLineInChunks()) stdin.emit('data', chunk);
  });
  expect(received).toHaveLength(1);
  expect(copied).toBeLessThan(3 * LINE_BYTES);
  await transport.close();
});

const LINE_BYTES = 1024 * 1024;

/** One JSON-RPC notification of about 1 MiB, newline-terminated, in 1 KiB chunks. */
function oneLineInChunks(): Buffer[] {
  const pad = 'x'.repeat(LINE_BYTES);
  const line = Buffer.from(
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/x', params: { pad } }) + '\n',
  );
  const chunks: Buffer[] = [];
  for (let i = 0; i < line.length; i += 1024) chunks.push(line.subarray(i, i + 1024));
  return chunks;
}

/** Total bytes produced by Buffer.concat while `work` runs: the copying a stream reader does. */
function bytesCopiedBy(work: () => void): number {
  let copied = 0;
  const concat = Buffer.concat;
  const spy = jest.spyOn(Buffer, 'concat').mockImplementation((list, total) => {
    const out = concat(list, total);
    copied += out.length;
    return out;
  });
  try {
    work();
  } finally {
    spy.mockRestore();
  }
  return copied;
}
