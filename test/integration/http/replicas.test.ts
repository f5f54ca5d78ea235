import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { Redis } from 'ioredis';
import { describeWithRedis, startRedis, type RedisServer } from '../../support/redis';
import { loadJose } from './helpers';

/**
 * Two real server processes (the built fixture) on one real redis-server, behind a round-robin loopback
 * proxy: every request goes to the next replica, so one MCP session is served by both.
 */
const SERVER = join(__dirname, '../../../build/test/fixtures/servers/replica-server.js');
const SECRET = 'canary-replica-secret-not-a-real-secret-0123456789';
const AUDIENCE = 'https://mcp.test/replicas';
const PREFIX = `secure-mcp-test-${process.pid}:`;
/** A secret the fixture holds (`@Secret('REPLICA_CANARY')`): it must leave no replica unscrubbed. */
const CANARY = 'canary-replica-note-not-a-real-secret';

/** What the proxy sent where: `answer` for a POST carrying only the client's answers. */
const routed: Array<{ replica: string; kind: string }> = [];

interface Replica {
  name: string;
  child: ChildProcess;
  port: number;
  served: number;
}

let redis: RedisServer;
let inspect: Redis;
let replicas: Replica[];
let proxy: Server;
let proxyUrl: string;

async function startReplica(
  name: string,
  proxyHost: string,
  extraEnv: Record<string, string> = {},
): Promise<Replica> {
  const child = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env,
      REPLICA_CANARY: CANARY,
      REPLICA_NAME: name,
      REDIS_URL: redis.url,
      KEY_PREFIX: PREFIX,
      AUTH_SECRET: SECRET,
      ALLOWED_HOSTS: proxyHost,
      AUDIT_FILE: join(mkdtempSync(join(tmpdir(), 'secure-mcp-replica-')), 'audit.jsonl'),
      POLL_AFTER_MS: '150',
      SLOW_MS: '400',
      // Windows are aligned to the clock: both replicas share a fixed one, so a run never straddles an hour.
      RATE_LIMIT_CLOCK_MS: String(Date.UTC(2026, 0, 1, 12, 0, 30)),
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /LISTENING http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`replica ${name} exited (${code}): ${err}`)));
  });
  return { name, child, port, served: 0 };
}

/** Round robin over the live replicas; a replica that refuses the connection is skipped, like a health check. */
function startProxy(): Promise<void> {
  let next = 0;
  proxy = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const attempt = (tries: number) => {
        const target = replicas[next++ % replicas.length];
        routed.push({ replica: target.name, kind: kindOf(req.method, Buffer.concat(body)) });
        const upstream = request(
          { host: '127.0.0.1', port: target.port, path: req.url, method: req.method, headers: req.headers },
          (answer) => {
            target.served++;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => (tries > 1 ? attempt(tries - 1) : res.writeHead(502).end()));
        res.on('close', () => upstream.destroy());
        upstream.end(Buffer.concat(body));
      };
      attempt(replicas.length);
    });
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () => {
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/mcp`;
      resolve();
    }),
  );
}

function kindOf(method: string | undefined, body: Buffer): string {
  if (method !== 'POST') return method ?? '';
  try {
    const m = JSON.parse(body.toString()) as { method?: string; params?: { name?: string } };
    return m.method === undefined
      ? 'answer'
      : m.method === 'tools/call'
        ? `call ${m.params?.name}`
        : m.method;
  } catch {
    return 'invalid';
  }
}

async function token(sub: string): Promise<string> {
  const { SignJWT } = await loadJose();
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setSubject(sub)
    .setAudience(AUDIENCE)
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));
}

async function connect(sub: string, url = proxyUrl, capabilities: Record<string, object> = {}) {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${await token(sub)}` } },
    reconnectionOptions: {
      initialReconnectionDelay: 50,
      maxReconnectionDelay: 500,
      reconnectionDelayGrowFactor: 1.5,
      maxRetries: 5,
    },
  });
  const client = new Client({ name: 'replica-test', version: '1.0.0' }, { capabilities });
  if (capabilities.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, async () => ({
      action: 'accept',
      content: { confirm: true },
    }));
  }
  await client.connect(transport);
  return { client, transport };
}

const text = (r: unknown) => (r as { content: Array<{ text: string }> }).content[0].text;
const who = async (client: Client) =>
  JSON.parse(text(await client.callTool({ name: 'whoami', arguments: {} }))) as {
    replica: string;
    principal: string;
    session: string;
  };

/** A raw request straight to one replica (not through the proxy). */
async function direct(
  replica: Replica,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${replica.port}/mcp`, {
    method,
    headers: {
      Accept: 'application/json, text/event-stream',
      'Content-Type': 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** An SSE response read as it arrives: its events, and a wait for the first one that matches. */
interface SseStream {
  status: number;
  events: Array<{ id?: string; data: string }>;
  next(match: (data: string) => boolean, timeoutMs?: number): Promise<{ id?: string; data: string }>;
  /** Resolves when the server ends the stream (within 5 s, or rejects). */
  ended: Promise<void>;
  close(): void;
}

async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { Accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: SseStream['events'] = [];
  const waiters = new Set<() => void>();
  let serverEnded = false;
  const done = !res.body
    ? Promise.resolve()
    : (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        try {
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(chunk, { stream: true });
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const id = /^id: (.*)$/m.exec(block)?.[1];
              const data = /^data: ?(.*)$/m.exec(block)?.[1];
              if (data !== undefined) events.push({ id, data });
              waiters.forEach((w) => w());
            }
          }
          serverEnded = true;
        } catch {
          // aborted
        }
      })();
  const ended = Promise.race([
    done.then(() => {
      if (!serverEnded && res.body) throw new Error('the stream was aborted, not ended by the server');
    }),
    new Promise<void>((_, reject) =>
      setTimeout(() => reject(new Error('stream still open after 5 s')), 5_000).unref(),
    ),
  ]);
  ended.catch(() => {});
  return {
    ended,
    status: res.status,
    events,
    next: (match, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => match(e.data));
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching SSE event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => abort.abort(),
  };
}

/** A raw `initialize` straight to one replica. */
async function rawInit(replica: Replica, bearer: string) {
  const res = await fetch(`http://127.0.0.1:${replica.port}/mcp`, {
    method: 'POST',
    headers: {
      Accept: 'application/json, text/event-stream',
      'Content-Type': 'application/json',
      Authorization: `Bearer ${bearer}`,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });
  await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    id: res.headers.get('mcp-session-id'),
  };
}

/** A session opened with raw requests straight to one replica (no SDK client, so no GET stream of its own). */
async function rawSession(
  replica: Replica,
  sub: string,
): Promise<{ id: string; headers: Record<string, string> }> {
  const bearer = await token(sub);
  const init = await rawInit(replica, bearer);
  expect(init.status).toBe(200);
  const id = init.id!;
  const headers = {
    Authorization: `Bearer ${bearer}`,
    'mcp-session-id': id,
    'mcp-protocol-version': '2025-11-25',
  };
  const initialized = await direct(replica, 'POST', headers, {
    jsonrpc: '2.0',
    method: 'notifications/initialized',
  });
  expect(initialized.status).toBe(202);
  return { id, headers };
}

/** The JSON-RPC answer in a response body: plain JSON, or the last `data:` line of an SSE stream. */
function rpcAnswer(body: string): unknown {
  const data = [...body.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).filter((d) => d.trim() !== '');
  return JSON.parse(data.length > 0 ? data[data.length - 1] : body);
}

/** Waits until `condition` holds (polled), failing after `timeoutMs`. */
async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const callBody = (name: string, args: Record<string, unknown> = {}, id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

describeWithRedis('replicas on one Redis behind a round-robin proxy', () => {
  jest.setTimeout(30_000);

  beforeAll(async () => {
    redis = await startRedis();
    inspect = new Redis(redis.url);
    replicas = [];
    await startProxy();
    const proxyHost = new URL(proxyUrl).host;
    replicas.push(...(await Promise.all([startReplica('a', proxyHost), startReplica('b', proxyHost)])));
  });

  afterAll(async () => {
    for (const r of replicas) r.child.kill('SIGKILL');
    // Stop accepting first: a client reconnecting in between would otherwise keep the proxy open.
    const closed = new Promise((resolve) => proxy.close(resolve));
    proxy.closeAllConnections();
    await closed;
    inspect.disconnect();
    // SIGKILL: a SIGTERMed redis-server sometimes lingers for seconds on this loaded machine; stop() then only
    // removes its directory.
    await redis.kill();
    await redis.stop();
  });

  it('serves one session on both replicas: initialized on one, calls landing on both', async () => {
    const { client, transport } = await connect('alice');
    const seen = [await who(client), await who(client), await who(client), await who(client)];
    expect(new Set(seen.map((s) => s.replica))).toEqual(new Set(['a', 'b']));
    expect(new Set(seen.map((s) => s.session))).toEqual(new Set([transport.sessionId]));
    expect(new Set(seen.map((s) => s.principal))).toEqual(new Set([seen[0].principal]));
    expect(seen[0].principal).toMatch(/alice/);
    await client.close();
  });

  it('refuses a session id presented by another principal, on a replica that never saw the session too', async () => {
    // Alice's session lives on replica a only: b has to rebuild it from Redis, and must check the owner first.
    const [a, b] = replicas;
    const { client, transport } = await connect('alice', `http://127.0.0.1:${a.port}/mcp`);
    await who(client);
    const id = transport.sessionId!;
    const call = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'whoami', arguments: {} } };
    const headers = (bearer: string) => ({
      Authorization: `Bearer ${bearer}`,
      'mcp-session-id': id,
      'mcp-protocol-version': '2025-11-25',
    });
    for (const replica of [b, a]) {
      const answer = await direct(replica, 'POST', headers(await token('bob')), call);
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain('alice');
    }
    // The owner is served by b, which rebuilds the session from Redis.
    const own = await direct(b, 'POST', headers(await token('alice')), call);
    expect(own.status).toBe(200);
    expect(own.text).toContain('\\"replica\\":\\"b\\"');
    expect(own.text).toContain(id);
    await client.close();
  });

  it('resumes a stream on the other replica: the stream closed by one (polling), the result stored and routed by Redis', async () => {
    const { client } = await connect('carol');
    const before = replicas.map((r) => r.served);
    const result = text(await client.callTool({ name: 'test_reconnection', arguments: {} }));
    expect(result).toMatch(/^reconnected on [ab] after poll$/);
    // initialize-free: the POST, then the client's GET with Last-Event-ID, went to different replicas
    expect(replicas.every((r, i) => r.served > before[i])).toBe(true);
    await client.close();
  });

  it('answers an elicitation through the other replica, and keeps the log level set on one on both', async () => {
    const { client } = await connect('gina', proxyUrl, { elicitation: {} });
    const logs: string[] = [];
    client.setNotificationHandler(
      LoggingMessageNotificationSchema,
      (n) => void logs.push(String(n.params.data)),
    );
    await client.setLoggingLevel('info');
    const crossed: string[] = [];
    for (let i = 0; i < 4; i++) {
      if (i % 2) await who(client); // shifts the round robin: the calls land on both replicas
      const from = routed.length;
      const result = text(await client.callTool({ name: 'confirm_step', arguments: { step: `s${i}` } }));
      expect(result).toMatch(new RegExp(`^ran s${i} on [ab]$`));
      const call = routed.slice(from).find((r) => r.kind === 'call confirm_step')!;
      const answer = routed.slice(from).find((r) => r.kind === 'answer')!;
      expect(answer).toBeDefined(); // the confirmation was asked and answered
      if (call.replica !== answer.replica) crossed.push(result);
    }
    expect(crossed.length).toBeGreaterThan(0); // some answers reached the replica that did not ask
    // ctx.log.info reached the client from both replicas: the level set on one holds on the other.
    expect(new Set(logs.map((l) => l.slice(-1)))).toEqual(new Set(['a', 'b']));
    expect(logs).toHaveLength(4);
    await client.close();
  });

  it('pushes a notification sent by one replica live to the standalone GET stream held by the other, stored once', async () => {
    const [a, b] = replicas;
    const session = await rawSession(a, 'hank');
    const live = await openSse(`http://127.0.0.1:${b.port}/mcp`, session.headers);
    try {
      expect(live.status).toBe(200);
      const priming = await live.next((data) => data === '');
      expect(priming.id).toBeDefined();
      // a runs the call; its server tells the session (not the call) that its tool list changed.
      const call = await direct(a, 'POST', session.headers, callBody('toggle_extra'));
      expect(call.status).toBe(200);
      const pushed = await live.next((data) => data.includes('notifications/tools/list_changed'));
      expect(pushed.id).toMatch(/^_GET_stream\./);
      expect(live.events.filter((e) => e.data.includes('list_changed'))).toHaveLength(1);

      // Stored for resumability under the same id, once: a resume after the priming event replays it once.
      const replay = await openSse(`http://127.0.0.1:${a.port}/mcp`, {
        ...session.headers,
        'last-event-id': priming.id!,
      });
      try {
        const replayed = await replay.next((data) => data.includes('notifications/tools/list_changed'));
        expect(replayed.id).toBe(pushed.id);
        await new Promise((r) => setTimeout(r, 200));
        expect(replay.events.filter((e) => e.data.includes('list_changed'))).toHaveLength(1);
      } finally {
        replay.close();
      }
    } finally {
      live.close();
    }
    await direct(a, 'POST', session.headers, callBody('toggle_extra')); // back as it was
  });

  it('a newer standalone stream, on either replica, ends the older one: no message is written to two streams', async () => {
    const [a, b] = replicas;
    const session = await rawSession(a, 'iris');
    const first = await openSse(`http://127.0.0.1:${a.port}/mcp`, session.headers);
    const priming = await first.next((data) => data === '');
    // The client comes back through the balancer, resuming, while its first stream still looks open.
    const second = await openSse(`http://127.0.0.1:${b.port}/mcp`, {
      ...session.headers,
      'last-event-id': priming.id!,
    });
    // ...and once more on a fresh GET on a: the resumed stream on b ends in turn.
    const third = await openSse(`http://127.0.0.1:${a.port}/mcp`, session.headers);
    try {
      expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
      await third.next((data) => data === '');
      await Promise.all([first.ended, second.ended]);
      await direct(b, 'POST', session.headers, callBody('toggle_extra'));
      await third.next((data) => data.includes('notifications/tools/list_changed'));
      expect(first.events.some((e) => e.data.includes('list_changed'))).toBe(false);
      expect(second.events.some((e) => e.data.includes('list_changed'))).toBe(false);
    } finally {
      [first, second, third].forEach((s) => s.close());
    }
    await direct(b, 'POST', session.headers, callBody('toggle_extra')); // back as it was
  });

  it('a resource subscription made through one replica hears of changes observed on either, once each, scrubbed', async () => {
    const { client, transport } = await connect('ida');
    const updates: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
    await client.subscribeResource({ uri: 'note://board' });
    await client.subscribeResource({ uri: `note://${CANARY}` });
    const headers = {
      Authorization: `Bearer ${await token('ida')}`,
      'mcp-session-id': transport.sessionId!,
      'mcp-protocol-version': '2025-11-25',
    };
    // The change is observed by each replica in turn: one of them never saw the subscribe request.
    for (const replica of replicas) {
      // (the answer itself may come after the replica closed the POST's stream for polling: not read here)
      const call = await direct(replica, 'POST', headers, callBody('touch_note', { name: 'board' }));
      expect(call.status).toBe(200);
    }
    await until(() => updates.length >= 2, 'two resource updates');
    // A URI carrying a secret leaves through the outgoing door: scrubbed.
    await direct(replicas[1], 'POST', headers, callBody('touch_secret_note'));
    await until(() => updates.length >= 3, 'the secret note update');
    await new Promise((r) => setTimeout(r, 300)); // no duplicate arrives late
    expect(updates.slice(0, 2)).toEqual(['note://board', 'note://board']);
    expect(updates).toHaveLength(3);
    expect(updates[2]).toMatch(/^note:\/\//);
    expect(updates[2]).not.toContain(CANARY);

    // Subscription keys expire like every other key of the session.
    const keys = [
      ...(await inspect.keys(`${PREFIX}sub:${transport.sessionId}`)),
      ...(await inspect.keys(`${PREFIX}su:*`)),
    ];
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) expect(await inspect.pttl(key)).toBeGreaterThan(0);

    // Unsubscribed through whichever replica: no replica tells it any more.
    await client.unsubscribeResource({ uri: 'note://board' });
    for (const replica of replicas)
      await direct(replica, 'POST', headers, callBody('touch_note', { name: 'board' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(updates).toHaveLength(3);
    await client.close();
  });

  it('caps sessions across replicas (maxSessions counted in Redis): 503 + Retry-After, freed by DELETE and by expiry of a killed replica’s sessions', async () => {
    // Two more replicas of their own deployment (own prefix): at most 2 sessions between them, idle after 1.5 s.
    const prefix = `${PREFIX}cap:`;
    const env = { KEY_PREFIX: prefix, MAX_SESSIONS: '2', SESSION_IDLE_MS: '1500' };
    const [c, d] = await Promise.all([
      startReplica('c', 'localhost', env),
      startReplica('d', 'localhost', env),
    ]);
    try {
      const ivy = await rawSession(c, 'ivy');
      await rawSession(d, 'jack');
      // One session on each replica: a per-replica count would let a third in.
      const refused = await rawInit(c, await token('kim'));
      expect(refused).toEqual({ status: 503, retryAfter: '30', id: null });
      expect((await rawInit(d, await token('kim'))).status).toBe(503);

      // A DELETE on one replica frees the place on every replica.
      expect((await direct(d, 'DELETE', ivy.headers)).status).toBe(200);
      const kim = await rawSession(c, 'kim');
      expect((await rawInit(d, await token('lee'))).status).toBe(503);

      // c dies with kim's session: its place is given back once the session expires, while jack's is kept
      // alive by use (a per-replica count that never hears of c's death would stay full).
      c.child.kill('SIGKILL');
      await new Promise((resolve) => c.child.once('exit', resolve));
      const jack = await token('jack');
      const jackSession = (await inspect.zrange(`${prefix}live`, '0', '-1')).find((id) => id !== kim.id)!;
      const until = Date.now() + 2_200;
      while (Date.now() < until) {
        const call = await direct(
          d,
          'POST',
          {
            Authorization: `Bearer ${jack}`,
            'mcp-session-id': jackSession,
            'mcp-protocol-version': '2025-11-25',
          },
          callBody('whoami'),
        );
        expect(call.status).toBe(200);
        await new Promise((r) => setTimeout(r, 150));
      }
      const lee = await rawInit(d, await token('lee'));
      expect(lee.status).toBe(200);
      expect((await rawInit(d, await token('max'))).status).toBe(503);
      expect(new Set(await inspect.zrange(`${prefix}live`, '0', '-1'))).toEqual(
        new Set([jackSession, lee.id]),
      );
      expect(await inspect.pttl(`${prefix}live`)).toBeGreaterThan(0);
    } finally {
      c.child.kill('SIGKILL');
      d.child.kill('SIGKILL');
    }
  });

  it('pages through tools/list across replicas with one cursor key shared in Redis: every tool exactly once', async () => {
    // Two replicas of their own deployment, two tools a page: page 1 from one, page 2 from the other, ...
    const prefix = `${PREFIX}pages:`;
    const env = { KEY_PREFIX: prefix, LIST_PAGE_SIZE: '2' };
    const [c, d] = await Promise.all([
      startReplica('c', 'localhost', env),
      startReplica('d', 'localhost', env),
    ]);
    try {
      const session = await rawSession(c, 'pat');
      const listAll = async (order: Replica[]) => {
        const names: string[] = [];
        const served: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 20; page++) {
          const replica = order[page % order.length];
          const params = cursor === undefined ? {} : { cursor };
          const res = await direct(replica, 'POST', session.headers, {
            jsonrpc: '2.0',
            id: page + 1,
            method: 'tools/list',
            params,
          });
          const answer = rpcAnswer(res.text) as {
            result?: { tools: Array<{ name: string }>; nextCursor?: string };
            error?: { code: number; message: string };
          };
          expect(answer.error).toBeUndefined();
          names.push(...answer.result!.tools.map((t) => t.name));
          served.push(replica.name);
          cursor = answer.result!.nextCursor;
          if (cursor === undefined) return { names, served };
        }
        throw new Error('no last page after 20 pages');
      };
      const across = await listAll([c, d]);
      const oneReplica = await listAll([d]);
      expect(across.served.length).toBeGreaterThanOrEqual(3); // pages from both replicas, alternately
      expect(new Set(across.served)).toEqual(new Set(['c', 'd']));
      expect(across.names).toEqual(oneReplica.names);
      expect(new Set(across.names).size).toBe(across.names.length); // no tool twice
      expect(across.names).toEqual(expect.arrayContaining(['whoami', 'count', 'toggle_extra']));

      // The key is created once, shared, and expires like every key of the store (renewed while replicas run).
      const ttl = await inspect.pttl(`${prefix}cursor-key`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
      expect(Buffer.from((await inspect.get(`${prefix}cursor-key`))!, 'base64url')).toHaveLength(32);

      // A cursor made with another key (the key lost and made anew) is refused with the usual clear error.
      await inspect.set(`${prefix}cursor-key`, Buffer.alloc(32, 7).toString('base64url'), 'PX', 60_000);
      const forged = await direct(c, 'POST', session.headers, {
        jsonrpc: '2.0',
        id: 99,
        method: 'tools/list',
        params: { cursor: Buffer.from('2.tools/list.not-a-mac').toString('base64url') },
      });
      expect((rpcAnswer(forged.text) as { error: { code: number } }).error.code).toBe(-32602);
    } finally {
      c.child.kill('SIGKILL');
      d.child.kill('SIGKILL');
    }
  });

  it('caps sessions per principal across replicas: the least recently used one ends on the replica holding it, entries expire with their sessions', async () => {
    const prefix = `${PREFIX}pp:`;
    const env = { KEY_PREFIX: prefix, MAX_SESSIONS_PER_PRINCIPAL: '2', SESSION_IDLE_MS: '1500' };
    const [e, f] = await Promise.all([
      startReplica('e', 'localhost', env),
      startReplica('f', 'localhost', env),
    ]);
    const alive = async (replica: Replica, session: { headers: Record<string, string> }) =>
      (await direct(replica, 'POST', session.headers, callBody('whoami'))).status;
    try {
      const first = await rawSession(e, 'nia');
      const oscar = await rawSession(e, 'oscar');
      const second = await rawSession(f, 'nia');
      // `first` used after `second` (on f, past the renewal throttle): `second` is now the least recently used.
      await new Promise((r) => setTimeout(r, 300));
      expect(await alive(f, first)).toBe(200);

      // A third session of nia on e: one of hers per replica, a per-replica count would let it in beside both.
      const third = await rawSession(e, 'nia');
      expect(await alive(f, second)).toBe(404); // ended on f, which held it, though e admitted the new one
      expect(await alive(e, second)).toBe(404);
      expect(await alive(e, first)).toBe(200);
      expect(await alive(f, third)).toBe(200);
      expect(await alive(f, oscar)).toBe(200); // another principal's session is not touched

      const sets = async () => {
        const out: string[][] = [];
        for (const key of await inspect.keys(`${prefix}po:*`)) {
          expect(await inspect.pttl(key)).toBeGreaterThan(0);
          const members: string[] = await inspect.zrange(key, '0', '-1');
          out.push(members.sort());
        }
        return out.sort((x, y) => x.length - y.length || x[0].localeCompare(y[0]));
      };
      expect(await sets()).toEqual(
        [[oscar.id], [first.id, third.id].sort()].sort(
          (x, y) => x.length - y.length || x[0].localeCompare(y[0]),
        ),
      );

      // A DELETE gives the place back on every replica: a new session of nia evicts nobody.
      expect((await direct(f, 'DELETE', third.headers)).status).toBe(200);
      const fourth = await rawSession(f, 'nia');
      expect(await alive(e, first)).toBe(200);
      expect(await alive(e, fourth)).toBe(200);

      // e dies; nia's sessions go unused and drop out of her set once expired, while oscar's, used on f, stays.
      e.child.kill('SIGKILL');
      await new Promise((resolve) => e.child.once('exit', resolve));
      const deadline = Date.now() + 2_200;
      while (Date.now() < deadline) {
        expect(await alive(f, oscar)).toBe(200);
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(await sets()).toEqual([[oscar.id]]);
      const fifth = await rawSession(f, 'nia');
      const sixth = await rawSession(f, 'nia');
      expect(await alive(f, fifth)).toBe(200);
      expect(await alive(f, sixth)).toBe(200);
    } finally {
      e.child.kill('SIGKILL');
      f.child.kill('SIGKILL');
    }
  });

  it('DELETE ends the session on every replica and leaves no key of it in Redis', async () => {
    const { client, transport } = await connect('dave');
    await who(client);
    await who(client);
    const id = transport.sessionId!;
    expect((await inspect.keys(`${PREFIX}*${id}*`)).length).toBeGreaterThan(0);
    await transport.terminateSession();
    expect(await inspect.keys(`${PREFIX}*${id}*`)).toEqual([]);
    const dave = await token('dave');
    for (const replica of replicas) {
      const answer = await direct(
        replica,
        'POST',
        { Authorization: `Bearer ${dave}`, 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' },
        { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
      );
      expect(answer.status).toBe(404);
    }
    await client.close();
  });

  it('keeps every key of a session under a TTL', async () => {
    const { client, transport } = await connect('erin');
    await client.callTool({ name: 'test_reconnection', arguments: {} });
    const keys = await inspect.keys(`${PREFIX}*${transport.sessionId}*`);
    expect(keys.length).toBeGreaterThan(2);
    for (const key of keys) expect(await inspect.pttl(key)).toBeGreaterThan(0);
    await client.close();
  });

  it('1,000 calls from 10 principals across both replicas: per-principal limits exact, no session lost', async () => {
    const before = replicas.map((r) => r.served);
    const principals = Array.from({ length: 10 }, (_, i) => `load-${i}`);
    const outcomes = await Promise.all(
      principals.map(async (sub) => {
        const { client, transport } = await connect(sub);
        const session = transport.sessionId;
        let counted = 0;
        let limited = 0;
        for (let batch = 0; batch < 10; batch++) {
          const results = await Promise.all(
            Array.from({ length: 10 }, () => client.callTool({ name: 'count', arguments: {} })),
          );
          for (const r of results) {
            if (text(r) === 'counted') counted++;
            else if (r.isError && /rate limit/i.test(text(r))) limited++;
          }
        }
        const last = await who(client);
        await client.close();
        return { counted, limited, sameSession: transport.sessionId === session && last.session === session };
      }),
    );
    expect(outcomes).toEqual(principals.map(() => ({ counted: 60, limited: 40, sameSession: true })));
    const served = replicas.map((r, i) => r.served - before[i]);
    expect(Math.min(...served)).toBeGreaterThan(400);
  }, 60_000); // a few seconds; more when the shared machine is loaded

  it('the README example (examples/replicas): a session opened on one replica is served by the other', async () => {
    const example = join(__dirname, '../../../build/examples/replicas/server.js');
    const state = mkdtempSync(join(tmpdir(), 'secure-mcp-example-'));
    const start = (name: string) => {
      const child = spawn(process.execPath, [example], {
        env: {
          ...process.env,
          REDIS_URL: redis.url,
          PORT: '0',
          REPLICA: name,
          MCP_AUTH: 'off',
          SECURE_MCP_STATE_DIR: state,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      return new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
        let err = '';
        child.stderr!.on('data', (c: Buffer) => {
          err += c.toString();
          const m = /replica listening on (\S+)/.exec(err);
          if (m) resolve({ child, url: m[1] });
        });
        child.once('exit', (code) => reject(new Error(`example exited (${code}): ${err}`)));
      });
    };
    const [one, two] = await Promise.all([start('one'), start('two')]);
    try {
      const first = new Client({ name: 'example-test', version: '1' });
      const t1 = new StreamableHTTPClientTransport(new URL(one.url));
      await first.connect(t1);
      expect(text(await first.callTool({ name: 'where', arguments: {} }))).toMatch(
        /^replica one served .* in session /,
      );
      const second = new Client({ name: 'example-test', version: '1' });
      await second.connect(new StreamableHTTPClientTransport(new URL(two.url), { sessionId: t1.sessionId }));
      expect(text(await second.callTool({ name: 'where', arguments: {} }))).toBe(
        text(await first.callTool({ name: 'where', arguments: {} })).replace('replica one', 'replica two'),
      );
      await first.close();
      await second.close();
    } finally {
      one.child.kill('SIGKILL');
      two.child.kill('SIGKILL');
    }
  });

  it('keeps a session going after the replica that ran a call is killed: stored events replay on the survivor', async () => {
    const { client, transport } = await connect('frank');
    let resumeToken: string | undefined;
    const result = await client.request(
      { method: 'tools/call', params: { name: 'test_reconnection', arguments: {} } },
      (await import('@modelcontextprotocol/sdk/types.js')).CallToolResultSchema,
      { onresumptiontoken: (t) => (resumeToken ??= t) },
    );
    const ranOn = /reconnected on ([ab])/.exec(text(result))![1];
    expect(resumeToken).toBeDefined();
    const dead = replicas.find((r) => r.name === ranOn)!;
    dead.child.kill('SIGKILL');
    await new Promise((resolve) => dead.child.once('exit', resolve));

    // The client resumes the call's stream from its first event: the survivor replays what the dead one stored.
    const replay = await fetch(proxyUrl, {
      headers: {
        Accept: 'text/event-stream',
        Authorization: `Bearer ${await token('frank')}`,
        'mcp-session-id': transport.sessionId!,
        'mcp-protocol-version': '2025-11-25',
        'last-event-id': resumeToken!,
      },
    });
    expect(replay.status).toBe(200);
    expect(await replay.text()).toContain(`reconnected on ${ranOn} after poll`);

    // And the session goes on, on the survivor, without a new initialize.
    const after = await who(client);
    expect(after.replica).not.toBe(ranOn);
    expect(after.session).toBe(transport.sessionId);
    await client.close();
  });
});
