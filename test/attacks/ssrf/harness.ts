import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Lookup } from '../../../src/security/egress';

/**
 * Test plumbing for the egress guard. Everything here talks to 127.0.0.1 only:
 * - `startServer` runs a real HTTP server and counts TCP connections at the socket level;
 * - `fakeDns` answers from a table (and records every question);
 * - `guardConnections` watches every outgoing connection the process makes through net/tls and refuses
 *   (without contacting) anything that is not loopback, so a broken guard fails a test instead of
 *   reaching a real internal address.
 */

export interface TestServer {
  port: number;
  origin: string;
  /** TCP connections accepted so far. */
  connections: number;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, server: TestServer) => void = (_req, res) =>
    res.end('ok'),
): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  const state: TestServer = {
    port: 0,
    origin: '',
    connections: 0,
    requests: [],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res, state);
  });
  server.on('connection', (socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${state.port}`;
  return state;
}

export interface FakeDns {
  lookup: Lookup;
  /** Every host name asked, in order. */
  asked: string[];
}

/**
 * `table` maps a host name to its answer: one address, several, or a function of how many times the
 * name was asked before (to play a rebinding DNS server). Unknown names fail like NXDOMAIN.
 */
export function fakeDns(
  table: Record<string, string | string[] | ((askedBefore: number) => string)>,
): FakeDns {
  const asked: string[] = [];
  const lookup: Lookup = async (hostname) => {
    const before = asked.filter((name) => name === hostname).length;
    asked.push(hostname);
    const entry = table[hostname];
    if (entry === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const answer = typeof entry === 'function' ? [entry(before)] : Array.isArray(entry) ? entry : [entry];
    return answer.map((address) => ({ address, family: net.isIP(address) === 6 ? 6 : 4 }));
  };
  return { lookup, asked };
}

export interface ConnectionLog {
  /** Every host (IP) a connection was attempted to, through net.connect or tls.connect. */
  attempts: { host: string; servername?: string; tls: boolean }[];
  /** Attempts to anything but loopback: these were refused by the harness and must stay empty. */
  forbidden: string[];
  restore(): void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1']);

export function guardConnections(): ConnectionLog {
  const log: ConnectionLog = { attempts: [], forbidden: [], restore: () => undefined };
  const realNet = net.connect;
  const realTls = tls.connect;
  const intercept = (isTls: boolean, real: (...args: any[]) => net.Socket) =>
    function (this: unknown, ...args: any[]) {
      const options =
        typeof args[0] === 'object' && args[0] !== null ? args[0] : { host: args[1], port: args[0] };
      const host = String(options.host ?? 'localhost');
      log.attempts.push({ host, servername: options.servername, tls: isTls });
      if (!LOOPBACK.has(host)) {
        // Refuse without touching the network: hand back a socket that fails at once.
        log.forbidden.push(host);
        const socket = new net.Socket();
        process.nextTick(() => socket.destroy(new Error(`test harness blocked a connection to ${host}`)));
        return socket;
      }
      return real.apply(this, args);
    };
  (net as any).connect = intercept(false, realNet as any);
  (tls as any).connect = intercept(true, realTls as any);
  log.restore = () => {
    (net as any).connect = realNet;
    (tls as any).connect = realTls;
  };
  return log;
}

/** Resolves to the error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to be refused, but it succeeded');
}

/**
 * The rig every SSRF suite shares: the connection guard, an `internal` server that must never be reached and
 * an `api` server with the suite's handler. After each test: 0 connections to `internal`, 0 forbidden attempts.
 */
export function useLocalRig(apiHandler: http.RequestListener): {
  readonly internal: TestServer;
  readonly api: TestServer;
  readonly log: ConnectionLog;
  /** Replaces `{INTERNAL}` in a payload with the internal server's port. */
  fill(text: string): string;
} {
  let internal: TestServer | undefined;
  let api: TestServer | undefined;
  let log: ConnectionLog | undefined;
  beforeAll(async () => {
    log = guardConnections();
    internal = await startServer((_req, res) => res.end('internal secrets'));
    api = await startServer(apiHandler);
  });
  afterAll(async () => {
    log?.restore();
    await api?.close();
    await internal?.close();
  });
  afterEach(() => {
    expect(internal?.connections).toBe(0);
    expect(log?.forbidden).toEqual([]);
  });
  return {
    get internal() {
      return internal!;
    },
    get api() {
      return api!;
    },
    get log() {
      return log!;
    },
    fill: (text) => text.replaceAll('{INTERNAL}', String(internal!.port)),
  };
}
