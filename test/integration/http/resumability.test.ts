import { IsString } from 'class-validator';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Confirm, ReadOnly, StartupError, Tool, type ToolContext } from '../../../src';
import { connectClient, startHttp, token, type Started } from './helpers';
import { WhoAmITool } from './tools';

class Empty {}

@Tool({ name: 'slow', description: 'Answers after 300 ms', input: Empty })
@ReadOnly()
class SlowTool {
  async execute(_input: Empty, ctx: ToolContext) {
    await new Promise((r) => setTimeout(r, 300));
    return `slow done for ${ctx.principal.id}`;
  }
}

class Step {
  @IsString() step!: string;
}
@Tool({ name: 'confirmed', description: 'Asks first', input: Step })
@Confirm('Run {step}?')
class ConfirmedTool {
  execute() {
    return 'ran';
  }
}

interface SseEvent {
  id?: string;
  retry?: string;
  data?: string;
}

/** Reads an SSE body to its end (or `ms`), parsed into events. */
async function readSse(res: Response, ms = 3_000): Promise<SseEvent[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const timer = setTimeout(() => void reader.cancel(), ms);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  clearTimeout(timer);
  return text
    .split('\n\n')
    .filter((block) => block.trim() && !block.startsWith(':'))
    .map((block) => {
      const event: SseEvent = {};
      for (const line of block.split('\n')) {
        const [field, ...rest] = line.split(': ');
        const value = rest.join(': ');
        if (field === 'id') event.id = value;
        else if (field === 'retry') event.retry = value;
        else if (field === 'data' || field === 'data:') event.data = value;
      }
      return event;
    });
}

async function openSession(s: Started, sub = 'alice') {
  const { client, transport } = await connectClient(s.listener.url, await token({}, { subject: sub }));
  return { client, id: transport.sessionId!, bearer: await token({}, { subject: sub }) };
}

const headers = (bearer: string, id: string, extra: Record<string, string> = {}) => ({
  Authorization: `Bearer ${bearer}`,
  'mcp-session-id': id,
  'mcp-protocol-version': '2025-11-25',
  Accept: 'application/json, text/event-stream',
  'Content-Type': 'application/json',
  ...extra,
});

const CALL_SLOW = JSON.stringify({
  jsonrpc: '2.0',
  id: 9,
  method: 'tools/call',
  params: { name: 'slow', arguments: {} },
});

describe('SSE resumability over HTTP (events in memory)', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startHttp([SlowTool, WhoAmITool], { resumability: { retryMs: 250, pollAfterMs: 100 } });
  });
  afterAll(() => s.server.close());

  it('starts each stream with an event id and a retry hint, closes a slow call’s stream, and replays the result after Last-Event-ID', async () => {
    const { client, id, bearer } = await openSession(s);
    // An older version header on a 2025-11-25 session (as the conformance suite sends): the session decides.
    const post = await fetch(s.listener.url, {
      method: 'POST',
      headers: headers(bearer, id, { 'mcp-protocol-version': '2025-03-26' }),
      body: CALL_SLOW,
    });
    const first = await readSse(post);
    expect(first).toEqual([{ id: expect.stringMatching(/\.\d+$/), retry: '250', data: '' }]); // closed before the result
    await new Promise((r) => setTimeout(r, 400));
    const resumed = await fetch(s.listener.url, {
      headers: headers(bearer, id, { 'last-event-id': first[0].id!, Accept: 'text/event-stream' }),
    });
    expect(resumed.status).toBe(200);
    const replayed = await readSse(resumed, 1_000);
    expect(replayed.map((e) => JSON.parse(e.data!).result?.content?.[0]?.text)).toContain(
      'slow done for alice',
    );
    expect(replayed.every((e) => e.id)).toBe(true);
    await client.close();
  });

  it('the SDK client resumes by itself and gets the result', async () => {
    const { client } = await openSession(s);
    const result = await client.callTool({ name: 'slow', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'slow done for alice' }]);
    await client.close();
  });

  it('replays nothing of another session: an event id is only valid in its own session', async () => {
    const alice = await openSession(s);
    const post = await fetch(s.listener.url, {
      method: 'POST',
      headers: headers(alice.bearer, alice.id),
      body: CALL_SLOW,
    });
    const [priming] = await readSse(post);
    const other = await openSession(s);
    const res = await fetch(s.listener.url, {
      headers: headers(other.bearer, other.id, { 'last-event-id': priming.id!, Accept: 'text/event-stream' }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('slow done');
    await alice.client.close();
    await other.client.close();
  });
});

describe('resumability: false', () => {
  it('sends no event ids and does not close slow streams', async () => {
    const s = await startHttp([SlowTool], { resumability: false });
    try {
      const { client, id, bearer } = await openSession(s);
      const events = await readSse(
        await fetch(s.listener.url, { method: 'POST', headers: headers(bearer, id), body: CALL_SLOW }),
      );
      expect(events.map((e) => e.id)).toEqual([undefined]);
      expect(JSON.parse(events[0].data!).result.content[0].text).toBe('slow done for alice');
      await client.close();
    } finally {
      await s.server.close();
    }
  });
});

describe('stateless mode', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startHttp([WhoAmITool, ConfirmedTool], { stateless: true });
  });
  afterAll(() => s.server.close());

  it('serves each POST on its own: no session id, calls work, nothing kept', async () => {
    const { client, transport } = await connectClient(s.listener.url, await token({}));
    expect(transport.sessionId).toBeUndefined();
    for (let i = 0; i < 3; i++) {
      expect(await client.callTool({ name: 'whoami', arguments: {} })).toMatchObject({
        content: [{ type: 'text', text: expect.stringMatching(/alice/) }],
      });
    }
    expect(s.listener.sessions).toBe(0);
    await client.close();
  });

  it('answers GET and DELETE with 405', async () => {
    const bearer = await token({});
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(s.listener.url, {
        method,
        headers: { Authorization: `Bearer ${bearer}`, Accept: 'text/event-stream' },
      });
      expect(res.status).toBe(405);
      expect(await res.text()).toMatch(/stateless/);
    }
  });

  it('has no server→client requests: a tool that must ask the user is refused, with the reason', async () => {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StreamableHTTPClientTransport } =
      await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const client = new Client({ name: 'c', version: '1' }, { capabilities: { elicitation: {} } });
    let asked = 0;
    client.setRequestHandler(ElicitRequestSchema, async () => {
      asked++;
      return { action: 'accept', content: { confirm: true } };
    });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(s.listener.url), {
        requestInit: { headers: { Authorization: `Bearer ${await token({})}` } },
      }),
    );
    const result = await client.callTool({ name: 'confirmed', arguments: { step: 'x' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/elicitation|confirm/i);
    expect(asked).toBe(0);
    await client.close();
  });

  it('refuses stateless with a session store at start-up', async () => {
    await expect(
      startHttp([WhoAmITool], { stateless: true, store: { redis: 'redis://127.0.0.1:1' } }),
    ).rejects.toThrow(StartupError);
  });
});
