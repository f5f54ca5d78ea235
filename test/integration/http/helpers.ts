import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  createServer,
  type HttpListener,
  type HttpOptions,
  type Logger,
  type SecureMcpServer,
  type ServerOptions,
} from '../../../src';

/** jose is ESM-only: TypeScript (CommonJS output) allows it only through a dynamic import. */
export const loadJose = () => import('jose');

export const SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const AUDIENCE = 'https://mcp.test/docs';

/** A Logger that keeps what it is told, so tests can assert on warnings. */
export function captureLogger(): Logger & { lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (message: string) => lines.push({ level, message });
  const logger = {
    lines,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    log: (level: string, message: string) => lines.push({ level, message }),
    child: () => logger,
  };
  return logger;
}

export interface Started {
  server: SecureMcpServer;
  listener: HttpListener;
  logger: ReturnType<typeof captureLogger>;
}

export async function startHttp(
  tools: Array<new (...args: never[]) => unknown>,
  http: Partial<HttpOptions> = {},
  serverOptions: Partial<ServerOptions> = {},
): Promise<Started> {
  const logger = captureLogger();
  const server = await createServer({
    name: 'http-test',
    version: '0.0.0',
    tools,
    logger,
    usage: false,
    policy: false,
    secrets: { envFile: false, keychain: false },
    audit: { file: join(mkdtempSync(join(tmpdir(), 'secure-mcp-http-')), 'audit.jsonl') },
    ...serverOptions,
  });
  const listener = await server.listenHttp({
    port: 0,
    auth: { audience: AUDIENCE, key: SECRET },
    ...http,
  });
  return { server, listener, logger };
}

export async function token(
  claims: Record<string, unknown>,
  options: { secret?: string; audience?: string; expiresIn?: string | number; subject?: string } = {},
): Promise<string> {
  const { SignJWT } = await loadJose();
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setAudience(options.audience ?? AUDIENCE)
    .setExpirationTime(options.expiresIn ?? '5m');
  if (options.subject !== '') jwt = jwt.setSubject(options.subject ?? 'alice');
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

/** The SDK's real client over Streamable HTTP, with a bearer token (or none). */
export async function connectClient(
  url: string,
  bearer?: string,
  sessionId?: string,
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: bearer ? { headers: { Authorization: `Bearer ${bearer}` } } : {},
    sessionId,
  });
  const client = new Client({ name: 'http-test-client', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

export const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/** A raw HTTP request (fetch cannot set `Host`), for the refusals the SDK client would not provoke. */
export function rawPost(
  url: string,
  headers: Record<string, string>,
  body: string | Buffer,
  options: { chunked?: boolean } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          Accept: 'application/json, text/event-stream',
          'Content-Type': 'application/json',
          ...(options.chunked ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    // The server may answer and close before the whole body is sent (413): that is not a failure here.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    if (options.chunked) {
      const buf = Buffer.from(body);
      for (let i = 0; i < buf.length; i += 64 * 1024) req.write(buf.subarray(i, i + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

/**
 * A raw TCP connection to the server: writes `data` (possibly an incomplete request), then reports what the
 * server sent and when it closed the socket (or that it was still open after `waitMs`).
 */
export function rawSocket(
  port: number,
  data: string,
  waitMs: number,
): Promise<{ received: string; closedAfterMs?: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    let done = false;
    const finish = (closedAfterMs?: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, closedAfterMs });
    };
    const timer = setTimeout(() => finish(undefined), waitMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => finish(Date.now() - started));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? finish(Date.now() - started) : reject(error),
    );
    socket.on('connect', () => {
      if (data) socket.write(data);
    });
  });
}
