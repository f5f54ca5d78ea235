import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { IsString, MaxLength } from 'class-validator';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { Audit, Prompt, RateLimit, Resource, Scopes, Secret, SecretValue, Sensitive } from 'secure-mcp';
import { verifyAuditLog } from '../../../src/audit';

// Completions, subscriptions and a template's list() pass the guards of a read: audit (kind + action), scopes,
// rate limits in their own buckets, and what they return leaves through the scrubbing door.
const CANARY = 'canary-operations-token-not-a-real-secret-4410';

class Word {
  @IsString() @MaxLength(20) word!: string;
}
class Secretive {
  @IsString() @MaxLength(40) @Sensitive() passphrase!: string;
}
class NameParam {
  @IsString() @MaxLength(40) name!: string;
}

@Prompt({ name: 'echo', args: Word })
@Audit()
class EchoPrompt {
  // The secret is the server's (known to the scrubber); complete() leaks it by mistake.
  constructor(@Secret('OPS_TOKEN') private readonly token: SecretValue) {}
  render(a: Word) {
    return a.word;
  }
  complete(_field: string, prefix: string) {
    return ['alpha', 'beta', `leak-${this.token.reveal()}`].filter((v) => v.startsWith(prefix));
  }
}

@Prompt({ name: 'unlock', args: Secretive })
@Audit()
class UnlockPrompt {
  render() {
    return 'ok';
  }
  complete() {
    return ['hunter'];
  }
}

/** Limited to two of each operation a minute. */
@Resource({ uriTemplate: 'things://{name}', name: 'things', params: NameParam, mimeType: 'text/plain' })
@Audit()
@RateLimit({ limit: 2, window: '1m' })
class Things {
  read(p: NameParam) {
    return p.name;
  }
  list() {
    // The secret sits behind toJSON, where only serialising finds it.
    return [
      { uri: 'things://a', name: 'a', _meta: { link: new URL(`https://example.test/?t=${CANARY}`) } },
      { uri: 'things://b', name: 'b' },
    ];
  }
  complete() {
    return ['a', 'b'];
  }
}

@Resource({ uri: 'fixed://one', name: 'one' })
@Audit()
@RateLimit({ limit: 2, window: '1m' })
class FixedOne {
  read() {
    return 'one';
  }
}

@Resource({ uri: 'scoped://x', name: 'scoped' })
@Scopes('x:read')
class ScopedX {
  read() {
    return 'x';
  }
}

@Prompt({ name: 'scoped-prompt', args: Word })
@Scopes('x:read')
class ScopedPrompt {
  render() {
    return 'x';
  }
  complete() {
    return ['never'];
  }
}

const clock = () => Date.UTC(2026, 0, 1, 12, 0, 30);

describe('completions, subscriptions and template listings through the real SDK client', () => {
  let t: TestClient;
  beforeEach(async () => {
    t = await createTestClient({
      resources: [Things, FixedOne],
      prompts: [EchoPrompt, UnlockPrompt],
      secrets: { values: { OPS_TOKEN: CANARY } },
      rateLimit: { clock },
    });
  });
  afterEach(() => t.close());

  it('audits a completion with kind, action and the prefix as the argument', async () => {
    const answer = await t.client.complete({
      ref: { type: 'ref/prompt', name: 'echo' },
      argument: { name: 'word', value: 'al' },
    });
    expect(answer.completion.values).toEqual(['alpha']);
    await t.client.complete({
      ref: { type: 'ref/resource', uri: 'things://{name}' },
      argument: { name: 'name', value: '' },
    });
    expect(t.auditRecords()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'prompt',
          tool: 'echo',
          action: 'complete',
          outcome: 'success',
          args: { word: 'al' },
        }),
        expect.objectContaining({
          kind: 'resource',
          tool: 'things',
          action: 'complete',
          uri: 'things://{name}',
          outcome: 'success',
        }),
      ]),
    );
  });

  it('redacts the prefix of a @Sensitive field in the completion record', async () => {
    await t.client.complete({
      ref: { type: 'ref/prompt', name: 'unlock' },
      argument: { name: 'passphrase', value: 'hunter2-canary' },
    });
    const record = t.auditRecords().find((r) => r.action === 'complete' && r.tool === 'unlock');
    expect(record).toBeDefined();
    expect(JSON.stringify(record)).not.toContain('hunter2-canary');
  });

  it('scrubs a known secret from completion values and from a template listing, toJSON included', async () => {
    const answer = await t.client.complete({
      ref: { type: 'ref/prompt', name: 'echo' },
      argument: { name: 'word', value: 'leak' },
    });
    expect(JSON.stringify(answer)).not.toContain(CANARY);
    expect(answer.completion.values).toHaveLength(1);
    const { resources } = await t.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(['things://a', 'things://b', 'fixed://one']);
    expect(JSON.stringify(resources)).not.toContain(CANARY);
    expect(resources[0]).toMatchObject({ mimeType: 'text/plain' });
  });

  it("audits a template's list() as action list and rate limits it in its own bucket", async () => {
    await t.client.listResources();
    expect(t.auditRecords()).toContainEqual(
      expect.objectContaining({ kind: 'resource', tool: 'things', action: 'list', outcome: 'success' }),
    );
    await t.client.listResources();
    await expect(t.client.listResources()).rejects.toThrow(/rate limit exceeded for listings of things/);
    expect(t.auditRecords().at(-1)).toMatchObject({
      action: 'list',
      outcome: 'denied',
      reason: 'rate-limit',
    });
    // Reads have their own bucket: listing did not use them up.
    expect((await t.client.readResource({ uri: 'things://z' })).contents[0]).toMatchObject({ text: 'z' });
  });

  it('audits subscribe and unsubscribe, rate limits subscribing, never unsubscribing', async () => {
    await t.client.subscribeResource({ uri: 'fixed://one' });
    await t.client.subscribeResource({ uri: 'things://q' });
    await t.client.subscribeResource({ uri: 'fixed://one' });
    await expect(t.client.subscribeResource({ uri: 'fixed://one' })).rejects.toMatchObject({
      code: -32600,
      message: expect.stringContaining('rate limit exceeded for subscriptions to one'),
    });
    for (let i = 0; i < 4; i++) await t.client.unsubscribeResource({ uri: 'fixed://one' });
    const records = t.auditRecords().filter((r) => r.action === 'subscribe' || r.action === 'unsubscribe');
    expect(records.map((r) => [r.action, r.tool, r.uri, r.outcome])).toEqual([
      ['subscribe', 'one', 'fixed://one', 'success'],
      ['subscribe', 'things', 'things://q', 'success'],
      ['subscribe', 'one', 'fixed://one', 'success'],
      ['subscribe', 'one', 'fixed://one', 'denied'],
      ['unsubscribe', 'one', 'fixed://one', 'success'],
      ['unsubscribe', 'one', 'fixed://one', 'success'],
      ['unsubscribe', 'one', 'fixed://one', 'success'],
      ['unsubscribe', 'one', 'fixed://one', 'success'],
    ]);
    expect(await verifyAuditLog(t.auditFile)).toMatchObject({ ok: true });
    // The CLI a security team runs (built by `npm run build`) accepts the records with `action` too.
    const cli = spawnSync(
      process.execPath,
      [join(__dirname, '../../../dist/cli/main.js'), 'audit', 'verify', t.auditFile],
      { encoding: 'utf8' },
    );
    expect(cli.status).toBe(0);
  });
});

describe('scopes on completions and subscriptions', () => {
  it('refuses a caller without the scope, audited as denied, with the reason in words', async () => {
    const t = await createTestClient({
      resources: [ScopedX],
      prompts: [ScopedPrompt],
      principal: { id: 'reader', scopes: ['other'] },
    });
    try {
      await expect(
        t.client.complete({
          ref: { type: 'ref/prompt', name: 'scoped-prompt' },
          argument: { name: 'word', value: '' },
        }),
      ).rejects.toMatchObject({
        code: -32600,
        message: expect.stringContaining('requires the scope(s) x:read'),
      });
      await expect(t.client.subscribeResource({ uri: 'scoped://x' })).rejects.toMatchObject({
        code: -32600,
        message: expect.stringContaining('requires the scope(s) x:read'),
      });
      expect(t.auditRecords().map((r) => [r.kind, r.action, r.outcome, r.reason])).toEqual([
        ['prompt', 'complete', 'denied', 'scope'],
        ['resource', 'subscribe', 'denied', 'scope'],
      ]);
    } finally {
      await t.close();
    }
  });
});
