import type { Transport } from './sdk-lines/mcp-types';
import type { JSONRPCMessage } from './sdk-lines/mcp-types';
import { checkJsonRpc } from './json-rpc-check';
import type { SerializedSend } from './outgoing';
import { ErrorCodes as ErrorCode } from './sdk-lines/error-codes';

const NEWLINE = 0x0a;
const EDGE = 128;

/**
 * Newline-delimited JSON-RPC over stdin/stdout, like the SDK's `StdioServerTransport`, with two differences
 * that matter for a server facing untrusted input:
 * - a line is assembled once from its chunks (the SDK re-concatenates its whole buffer per chunk, which makes
 *   a 10 MiB message cost seconds of CPU);
 * - a line longer than `maxLineBytes` is discarded and answered with an error, and the connection stays open
 *   (the SDK closes the connection, which ends the session). Malformed lines get a JSON-RPC parse error;
 *   JSON that is not a valid JSON-RPC message gets an invalid-request error carrying its id when it has one.
 * It writes with the `write` it is given: while serving, the write method of `process.stdout` is redirected to
 * stderr, and only this transport holds the real one.
 */
export class LineStdioTransport implements Transport, SerializedSend {
  onmessage?: Transport['onmessage'];
  onclose?: () => void;
  onerror?: (error: Error) => void;

  private chunks: Buffer[] = [];
  private size = 0;
  private head?: Buffer;
  private tail: Buffer = Buffer.alloc(0);
  private discarding = false;
  private closed = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly write: (text: string) => boolean = (text) => stdout.write(text),
  ) {}

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.sendSerialized(JSON.stringify(message));
  }

  sendSerialized(json: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.write(json + '\n')) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.chunks = [];
    this.onclose?.();
  }

  private readonly onStreamError = (error: Error) => this.onerror?.(error);

  private readonly onData = (chunk: Buffer | string) => {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let nl = data.indexOf(NEWLINE, start); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
      this.append(data.subarray(start, nl));
      this.endLine();
      start = nl + 1;
    }
    this.append(data.subarray(start));
  };

  private append(part: Buffer): void {
    if (part.length === 0) return;
    if (this.discarding) {
      this.tail = Buffer.concat([this.tail, part]).subarray(-EDGE);
      return;
    }
    if (this.size + part.length > this.maxLineBytes) {
      this.discarding = true;
      this.head = Buffer.concat([...this.chunks, part]).subarray(0, EDGE);
      this.tail = part.subarray(-EDGE);
      this.chunks = [];
      this.size = 0;
      return;
    }
    this.chunks.push(part);
    this.size += part.length;
  }

  private endLine(): void {
    if (this.discarding) {
      const id = requestIdAtEdges(this.head?.toString('utf8') ?? '', this.tail.toString('utf8'));
      this.discarding = false;
      this.head = undefined;
      this.tail = Buffer.alloc(0);
      this.reply(
        id,
        ErrorCode.InvalidRequest,
        `message larger than ${this.maxLineBytes} bytes was discarded`,
      );
      return;
    }
    const line = (this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size))
      .toString('utf8')
      .replace(/\r$/, '');
    this.chunks = [];
    this.size = 0;
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      this.onerror?.(error as Error);
      this.reply(null, ErrorCode.ParseError, 'message is not valid JSON-RPC');
      return;
    }
    const checked = checkJsonRpc(parsed);
    if (!checked.ok) {
      this.onerror?.(new Error('message is valid JSON but not a JSON-RPC 2.0 message'));
      this.reply(checked.id, checked.code, checked.message);
      return;
    }
    this.onmessage?.(checked.message);
  }

  private reply(id: string | number | null, code: number, message: string): void {
    void this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
  }
}

/** The id of an oversized request, when it sits where JSON-RPC clients put it (first or last member). */
function requestIdAtEdges(head: string, tail: string): string | number | null {
  const match =
    /,"id":(\d{1,15}|"[^"\\]{1,64}")\}\s*$/.exec(tail) ??
    /^\{"jsonrpc":"2\.0","id":(\d{1,15}|"[^"\\]{1,64}")/.exec(head);
  if (!match) return null;
  return match[1]!.startsWith('"') ? match[1]!.slice(1, -1) : Number(match[1]);
}
