import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { transports } from 'winston';
import { createLogger } from '../../../src/logging/logger';
import { Scrubber } from '../../../src/security/secrets/scrubber';
import { guardOutgoing } from '../../../src/server/outgoing';
import { createTestClient, type TestClient } from '../../../src/testing';
import { HARDEN_CANARY, HARDEN_SECRET_NAME, HARDENING_TOOLS } from '../../fixtures/servers/hardening-tools';

/** Everything the server let out: results, errors, progress notifications, its log, its audit file. */
class Outputs {
  readonly wire: unknown[] = [];
  log = '';
  audit(t: TestClient): string {
    return readFileSync(t.auditFile, 'utf8');
  }
  all(t: TestClient): string {
    return JSON.stringify(this.wire) + this.log + this.audit(t);
  }
}

async function start(outputs: Outputs): Promise<TestClient> {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (outputs.log += chunk.toString()));
  return createTestClient({
    tools: HARDENING_TOOLS,
    secrets: { values: { [HARDEN_SECRET_NAME]: HARDEN_CANARY } },
    logging: { transports: [new transports.Stream({ stream })], level: 'debug' },
  });
}

function records(t: TestClient): Array<Record<string, unknown>> {
  return readFileSync(t.auditFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('what leaves is what was scrubbed (issue 11)', () => {
  let t: TestClient;
  const outputs = new Outputs();
  beforeAll(async () => {
    t = await start(outputs);
  });
  afterAll(() => t.close());

  const call = async (name: string) => {
    const result = await t.callTool(name, {});
    outputs.wire.push(result);
    return result;
  };

  it('scrubs a secret that sits behind toJSON (a URL built from it) in structuredContent and text', async () => {
    const result = await call('leak_url');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ link: 'https://example.test/callback?token=[REDACTED]' });
    expect(t.text(result)).toBe('{"link":"https://example.test/callback?token=[REDACTED]"}');
    expect(JSON.stringify(result)).not.toContain(HARDEN_CANARY);
  });

  it('scrubs a secret held in #private fields and exposed by toJSON', async () => {
    const result = await call('leak_private');
    expect(result.structuredContent).toEqual({ credentials: { kind: 'bearer', token: '[REDACTED]' } });
    expect(JSON.stringify(result)).not.toContain(HARDEN_CANARY);
  });

  it.each([
    ['throw_getter', 'a getter that throws'],
    ['throw_tojson', 'a toJSON that throws'],
    ['full_getter', 'a CallToolResult whose structuredContent getter throws'],
    ['throw_meta', 'a ToolError whose meta throws when read'],
  ])('%s: %s while the result is mapped becomes an audited internal error', async (name) => {
    const result = await call(name);
    expect(result.isError).toBe(true);
    expect(t.text(result)).toMatch(
      new RegExp(`^tool ${name} failed with an internal error \\(reference: [0-9a-f-]{36}\\)$`),
    );
    const reference = /reference: ([0-9a-f-]{36})/.exec(t.text(result))![1];
    expect(records(t).find((r) => r.auditId === reference)).toMatchObject({
      tool: name,
      outcome: 'error',
      reason: 'internal',
    });
    expect(outputs.log).toContain(reference); // the details are in the server log, scrubbed
  });

  it('answers a BigInt in a full CallToolResult with an audited error instead of no response', async () => {
    const result = await call('full_bigint');
    expect(result.isError).toBe(true);
    expect(t.text(result)).toMatch(/^tool full_bigint failed with an internal error/);
    expect(records(t).filter((r) => r.tool === 'full_bigint')).toEqual([
      expect.objectContaining({ outcome: 'error', reason: 'internal' }),
    ]);
  });

  it('scrubs progress notifications', async () => {
    const seen: unknown[] = [];
    const result = await t.callTool('progress_leak', {}, { onprogress: (p) => seen.push(p) });
    outputs.wire.push(result, seen);
    expect(t.text(result)).toBe('reported');
    expect(seen).toEqual([
      { progress: 1, total: 2, message: 'using [REDACTED]' },
      { progress: 2, total: 2, message: 'finished' },
    ]);
  });

  it('leaves the secret in no result, error, notification, log line or audit record', async () => {
    expect(outputs.log.length).toBeGreaterThan(0);
    expect(outputs.all(t)).not.toContain(HARDEN_CANARY);
    expect(records(t)).toHaveLength(8); // one per call above
  });
});

describe('the outgoing door (guardOutgoing) covers messages that features added later send', () => {
  const scrubber = new Scrubber();
  scrubber.add(HARDEN_CANARY);
  let log = '';
  const stream = new PassThrough().on('data', (c: Buffer) => (log += c.toString()));
  const logger = createLogger({
    transports: [new transports.Stream({ stream })],
    scrub: (s) => scrubber.scrub(s),
  });

  async function pair() {
    const [client, server] = InMemoryTransport.createLinkedPair();
    const received: JSONRPCMessage[] = [];
    client.onmessage = (message) => received.push(message);
    await client.start();
    const guarded = guardOutgoing(server, scrubber, logger);
    await guarded.start();
    return { guarded, received };
  }

  it('scrubs log notifications and elicitation/sampling requests, keys and values, behind toJSON too', async () => {
    const { guarded, received } = await pair();
    await guarded.send({
      jsonrpc: '2.0',
      method: 'notifications/message',
      params: { level: 'info', data: { [HARDEN_CANARY]: new URL(`https://x.test/?k=${HARDEN_CANARY}`) } },
    } as unknown as JSONRPCMessage);
    await guarded.send({
      jsonrpc: '2.0',
      id: 7,
      method: 'elicitation/create',
      params: {
        message: `confirm with ${HARDEN_CANARY}?`,
        requestedSchema: { type: 'object', properties: {} },
      },
    });
    expect(received).toEqual([
      {
        jsonrpc: '2.0',
        method: 'notifications/message',
        params: { level: 'info', data: { '[REDACTED]': 'https://x.test/?k=[REDACTED]' } },
      },
      {
        jsonrpc: '2.0',
        id: 7,
        method: 'elicitation/create',
        params: { message: 'confirm with [REDACTED]?', requestedSchema: { type: 'object', properties: {} } },
      },
    ]);
  });

  it('turns a response that cannot be serialised into an error for the same id', async () => {
    const { guarded, received } = await pair();
    await guarded.send({ jsonrpc: '2.0', id: 9, result: { n: 1n } } as unknown as JSONRPCMessage);
    await guarded.send({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: {
        progressToken: 1,
        progress: 1,
        get message(): string {
          throw new Error(`getter saw ${HARDEN_CANARY}`);
        },
      },
    } as unknown as JSONRPCMessage);
    await expect(
      guarded.send({ jsonrpc: '2.0', id: 10, method: 'sampling/createMessage', params: { n: 2n } } as never),
    ).rejects.toThrow('the server could not serialise its sampling/createMessage request');
    expect(received).toEqual([
      {
        jsonrpc: '2.0',
        id: 9,
        error: { code: -32603, message: 'the server could not serialise its response' },
      },
    ]);
    expect(log).toContain('an outgoing message could not be serialised');
    expect(log).not.toContain(HARDEN_CANARY);
  });
});

describe('a secret with characters JSON escapes, inside JSON text inside a message', () => {
  it('is found in the serialised message and scrubbed at every escaping depth', async () => {
    const secret = 'canary-"quoted"\\pass\n-not-real';
    const scrubber = new Scrubber();
    scrubber.add(secret);
    const logger = createLogger({ silent: true });
    const [client, server] = InMemoryTransport.createLinkedPair();
    const received: JSONRPCMessage[] = [];
    client.onmessage = (message) => received.push(message);
    await client.start();
    const guarded = guardOutgoing(server, scrubber, logger);
    const text = JSON.stringify({ password: secret }); // a tool returning JSON as text
    await guarded.send({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text }] } });
    const wire = JSON.stringify(received);
    const once = JSON.stringify(secret).slice(1, -1);
    for (const form of [secret, once, JSON.stringify(once).slice(1, -1)]) expect(wire).not.toContain(form);
    expect(received).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        result: { content: [{ type: 'text', text: '{"password":"[REDACTED]"}' }] },
      },
    ]);
  });
});
