import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsString, MaxLength } from 'class-validator';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { Audit, Prompt, RateLimit, Resource, SafeFs } from 'secure-mcp';
import { BackendStatus, DocFile, DocIndex, ReviewDoc, Summarize } from '../../../examples/docs/capabilities';
import { resourceNotFoundCode } from '../../support/sdk-line';

const CANARY = 'canary-docs-token-not-a-real-secret-7731';

function makeRoot() {
  const base = mkdtempSync(join(tmpdir(), 'surface-docs-'));
  const root = join(base, 'docs');
  mkdirSync(root);
  writeFileSync(join(root, 'guide.md'), '# Guide\nHello.');
  writeFileSync(join(root, 'leaky.md'), `this file quotes the token ${CANARY}`);
  writeFileSync(join(base, 'secret.txt'), 'CANARY-OUTSIDE-ROOT-99');
  return { base, root };
}

function auditRecords(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A slow resource: its reads outlive the time budget. */
@Resource({ uri: 'slow://thing', name: 'slow', timeoutMs: 50 })
class SlowResource {
  read() {
    return new Promise((resolve) => setTimeout(() => resolve('late'), 1000));
  }
}

class LoosePath {
  @IsString() @MaxLength(300) path!: string;
}

/** A template without @IsSafePath: only SafeFs stands between the decoded variable and the disk. */
@Resource({ uriTemplate: 'raw://files/{+path}', name: 'raw', params: LoosePath })
@Audit()
class RawFile {
  constructor(private readonly fs: SafeFs) {}
  read(p: LoosePath) {
    return this.fs.readText(p.path);
  }
}

class EchoArgs {
  @IsString() @MaxLength(20) word!: string;
}

/** A prompt limited to two renders a minute (and two completions). */
@Prompt({ name: 'limited', args: EchoArgs })
@RateLimit({ limit: 2, window: '1m' })
@Audit()
class LimitedPrompt {
  render(args: EchoArgs) {
    return `say ${args.word}`;
  }
  complete(_field: string, prefix: string) {
    return ['alpha', 'beta'].filter((v) => v.startsWith(prefix));
  }
}

/** A prompt returning an image and an assistant message. */
@Prompt({ name: 'picture', title: 'A picture' })
class PicturePrompt {
  render() {
    return {
      description: 'a one-pixel image',
      messages: [
        { role: 'user', content: { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' } },
        { role: 'assistant', content: { type: 'text', text: 'I see a pixel.' } },
      ],
    };
  }
}

describe('resources and prompts through the real SDK client (in memory)', () => {
  const { base, root } = makeRoot();
  let t: TestClient;
  beforeAll(async () => {
    t = await createTestClient({
      resources: [DocIndex, DocFile, BackendStatus, SlowResource, RawFile],
      prompts: [Summarize, ReviewDoc, LimitedPrompt, PicturePrompt],
      roots: [root],
      secrets: { values: { DOCS_API_TOKEN: CANARY } },
      // Windows are aligned to the clock: a fixed clock keeps a test from straddling a minute boundary.
      rateLimit: { clock: () => Date.UTC(2026, 0, 1, 12, 0, 30) },
    });
  });
  afterAll(() => t.close());

  it('lists fixed resources, the concrete resources of templates, and the templates', async () => {
    const { resources } = await t.client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual(
      [
        'docs://index',
        'docs://status',
        'slow://thing',
        'docs://files/guide.md',
        'docs://files/leaky.md',
      ].sort(),
    );
    expect(resources.find((r) => r.uri === 'docs://index')).toMatchObject({
      name: 'index',
      mimeType: 'text/plain',
      description: 'The document index',
    });
    const { resourceTemplates } = await t.client.listResourceTemplates();
    expect(resourceTemplates).toEqual([
      {
        name: 'doc',
        uriTemplate: 'docs://files/{+path}',
        mimeType: 'text/markdown',
        description: 'One document',
      },
      { name: 'raw', uriTemplate: 'raw://files/{+path}' },
    ]);
  });

  it('reads a fixed resource and a template resource', async () => {
    const index = await t.client.readResource({ uri: 'docs://index' });
    expect(index.contents).toEqual([
      { uri: 'docs://index', mimeType: 'text/plain', text: 'guide.md\nleaky.md' },
    ]);
    const doc = await t.client.readResource({ uri: 'docs://files/guide.md' });
    expect(doc.contents).toEqual([
      { uri: 'docs://files/guide.md', mimeType: 'text/markdown', text: '# Guide\nHello.' },
    ]);
  });

  it.each([
    ['..%2Fsecret.txt'],
    ['%2e%2e/secret.txt'],
    ['%2E%2E%2Fsecret.txt'],
    ['%252e%252e%252fsecret.txt'],
    ['../secret.txt'],
    ['sub/%2e%2e/%2e%2e/secret.txt'],
    ['%00guide.md'],
    [encodeURIComponent(join(base, 'secret.txt'))],
  ])('refuses traversal in a template variable: %s', async (path) => {
    const error = await t.client.readResource({ uri: `docs://files/${path}` }).then(
      () => undefined,
      (e: Error & { code?: number }) => e,
    );
    expect(error).toBeDefined();
    expect(error!.code).toBe(-32602);
    expect(error!.message).not.toContain('CANARY-OUTSIDE-ROOT');
    expect(error!.message).toMatch(/path|percent-encoded|control/);
    const last = auditRecords(t.auditFile).at(-1)!;
    expect(last).toMatchObject({ kind: 'resource', tool: 'doc', outcome: 'denied', reason: 'validation' });
  });

  it.each([
    ['..%2Fsecret.txt'],
    ['%2e%2e%2fsecret.txt'],
    ['sub%2F..%2F..%2Fsecret.txt'],
    [encodeURIComponent(join(base, 'secret.txt'))],
  ])('SafeFs refuses a decoded traversal even without @IsSafePath: %s', async (path) => {
    const ok = await t.client.readResource({ uri: 'raw://files/guide.md' });
    expect((ok.contents[0] as { text: string }).text).toBe('# Guide\nHello.');
    const error = await t.client.readResource({ uri: `raw://files/${path}` }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeDefined();
    expect(error!.message).not.toContain('CANARY-OUTSIDE-ROOT');
    expect(auditRecords(t.auditFile).at(-1)).toMatchObject({
      kind: 'resource',
      tool: 'raw',
      outcome: expect.stringMatching(/failure|denied|error/),
    });
  });

  it('audits resource reads and prompt renders with their kind', async () => {
    await t.client.readResource({ uri: 'docs://files/guide.md' });
    await t.client.getPrompt({ name: 'summarize', arguments: { topic: 'security' } });
    const records = auditRecords(t.auditFile);
    expect(records).toContainEqual(
      expect.objectContaining({
        kind: 'resource',
        tool: 'doc',
        uri: 'docs://files/guide.md',
        outcome: 'success',
        args: { path: 'guide.md' },
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        kind: 'prompt',
        tool: 'summarize',
        outcome: 'success',
        args: { topic: 'security' },
      }),
    );
  });

  it('scrubs a known secret from resource contents and prompt messages', async () => {
    const status = await t.client.readResource({ uri: 'docs://status' });
    expect(JSON.stringify(status)).not.toContain(CANARY);
    expect((status.contents[0] as { text: string }).text).toContain('[REDACTED]');
    const leaky = await t.client.readResource({ uri: 'docs://files/leaky.md' });
    expect(JSON.stringify(leaky)).not.toContain(CANARY);
    const review = await t.client.getPrompt({ name: 'review', arguments: { path: 'leaky.md' } });
    expect(JSON.stringify(review)).not.toContain(CANARY);
    expect(JSON.stringify(review)).toContain('[REDACTED]');
    expect(readFileSync(t.auditFile, 'utf8')).not.toContain(CANARY);
  });

  it('renders prompts: a string, messages with an embedded resource, an image', async () => {
    const simple = await t.client.getPrompt({
      name: 'summarize',
      arguments: { topic: 'setup', length: 'long' },
    });
    expect(simple).toEqual({
      description: 'Summarize a topic from the documents',
      messages: [
        {
          role: 'user',
          content: { type: 'text', text: 'Write a long summary of setup using the documents.' },
        },
      ],
    });
    const review = await t.client.getPrompt({ name: 'review', arguments: { path: 'guide.md' } });
    expect(review.messages[1]!.content).toEqual({
      type: 'resource',
      resource: { uri: 'docs://files/guide.md', mimeType: 'text/markdown', text: '# Guide\nHello.' },
    });
    const picture = await t.client.getPrompt({ name: 'picture' });
    expect(picture.description).toBe('a one-pixel image');
    expect(picture.messages[0]!.content).toEqual({
      type: 'image',
      data: 'iVBORw0KGgo=',
      mimeType: 'image/png',
    });
  });

  it('lists prompts with arguments from the args DTO', async () => {
    const { prompts } = await t.client.listPrompts();
    expect(prompts.find((p) => p.name === 'summarize')).toEqual({
      name: 'summarize',
      description: 'Summarize a topic from the documents',
      arguments: [
        { name: 'topic', required: true },
        { name: 'length', required: false },
      ],
    });
    expect(prompts.find((p) => p.name === 'picture')).toEqual({
      name: 'picture',
      title: 'A picture',
      arguments: [],
    });
  });

  it('validates prompt arguments with the DTO and refuses unknown ones', async () => {
    const cases: Array<Record<string, string>> = [
      {},
      { topic: 'x'.repeat(101) },
      { topic: 'a', length: 'medium' },
      { topic: 'a', extra: 'b' },
    ];
    for (const args of cases) {
      await expect(t.client.getPrompt({ name: 'summarize', arguments: args })).rejects.toMatchObject({
        code: -32602,
      });
    }
    await expect(t.client.getPrompt({ name: 'summarize', arguments: {} })).rejects.toThrow(
      /Invalid arguments for prompt summarize: topic: is required/,
    );
    const last = auditRecords(t.auditFile).at(-1)!;
    expect(last).toMatchObject({
      kind: 'prompt',
      tool: 'summarize',
      outcome: 'denied',
      reason: 'validation',
    });
  });

  it('rate limits prompt renders, audited as denied, and keeps serving', async () => {
    await t.client.getPrompt({ name: 'limited', arguments: { word: 'a' } });
    await t.client.getPrompt({ name: 'limited', arguments: { word: 'b' } });
    const error = await t.client
      .getPrompt({ name: 'limited', arguments: { word: 'c' } })
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/rate limit exceeded for limited; retry in \d+ s/);
    expect(auditRecords(t.auditFile).at(-1)).toMatchObject({
      kind: 'prompt',
      outcome: 'denied',
      reason: 'rate-limit',
    });
    expect((await t.client.readResource({ uri: 'docs://index' })).contents).toHaveLength(1);
  });

  it('times a slow read out with a clear error', async () => {
    await expect(t.client.readResource({ uri: 'slow://thing' })).rejects.toMatchObject({
      code: -32001,
      message: expect.stringContaining('resource slow timed out after 50 ms'),
    });
  });

  it('answers an unknown resource and an unknown prompt with JSON-RPC errors', async () => {
    await expect(t.client.readResource({ uri: 'nope://x' })).rejects.toMatchObject({
      code: resourceNotFoundCode(t.server),
    });
    await expect(t.client.getPrompt({ name: 'nope' })).rejects.toMatchObject({ code: -32602 });
  });

  it('completes prompt arguments and template variables from complete()', async () => {
    const topics = await t.client.complete({
      ref: { type: 'ref/prompt', name: 'summarize' },
      argument: { name: 'topic', value: 's' },
    });
    expect(topics.completion.values).toEqual(['security', 'setup', 'scaling']);
    const paths = await t.client.complete({
      ref: { type: 'ref/resource', uri: 'docs://files/{+path}' },
      argument: { name: 'path', value: 'gu' },
    });
    expect(paths.completion.values).toEqual(['guide.md']);
    await expect(
      t.client.complete({
        ref: { type: 'ref/prompt', name: 'summarize' },
        argument: { name: 'nope', value: '' },
      }),
    ).rejects.toMatchObject({ code: -32602 });
  });

  it('rate limits completions with the capability limits, in their own bucket', async () => {
    const ask = () =>
      t.client.complete({
        ref: { type: 'ref/prompt', name: 'limited' },
        argument: { name: 'word', value: 'a' },
      });
    expect((await ask()).completion.values).toEqual(['alpha']);
    await ask();
    await expect(ask()).rejects.toThrow(/rate limit exceeded for completions of limited/);
  });
});

describe('scopes on resources and prompts', () => {
  const { root } = makeRoot();
  it('a caller without the scope neither sees nor reads the resource, and the refusal is audited', async () => {
    const t = await createTestClient({
      resources: [DocIndex, DocFile],
      prompts: [Summarize],
      roots: [root],
      principal: { id: 'reader', scopes: ['other'] },
    });
    try {
      expect((await t.client.listResources()).resources).toEqual([]);
      expect((await t.client.listResourceTemplates()).resourceTemplates).toEqual([]);
      await expect(t.client.readResource({ uri: 'docs://index' })).rejects.toMatchObject({
        code: -32600,
        message: expect.stringContaining('requires the scope(s) docs:read'),
      });
      await expect(t.client.subscribeResource({ uri: 'docs://index' })).rejects.toMatchObject({
        code: -32600,
        message: expect.stringContaining('requires the scope(s) docs:read'),
      });
      expect(auditRecords(t.auditFile).at(-1)).toMatchObject({
        kind: 'resource',
        action: 'subscribe',
        outcome: 'denied',
        reason: 'scope',
      });
      expect((await t.client.listPrompts()).prompts.map((p) => p.name)).toEqual(['summarize']);
    } finally {
      await t.close();
    }
  });
});

describe('resources in a read-only server and under a team policy', () => {
  it('a read-only server still serves resources and prompts, and a resource gets a SafeFs that cannot write', async () => {
    const { root } = makeRoot();
    @Resource({ uri: 'w://try-write', name: 'try-write' })
    class TriesToWrite {
      constructor(private readonly fs: SafeFs) {}
      async read() {
        await this.fs.writeText('planted.txt', 'x');
        return 'wrote';
      }
    }
    const t = await createTestClient({
      resources: [DocIndex, TriesToWrite],
      prompts: [Summarize],
      roots: [root],
      readOnly: true,
    });
    try {
      expect((await t.client.listResources()).resources.map((r) => r.uri)).toEqual([
        'docs://index',
        'w://try-write',
      ]);
      expect((await t.client.readResource({ uri: 'docs://index' })).contents).toHaveLength(1);
      await expect(t.client.readResource({ uri: 'w://try-write' })).rejects.toMatchObject({ code: -32603 });
      expect(existsSync(join(root, 'planted.txt'))).toBe(false);
      expect((await t.client.listPrompts()).prompts.map((p) => p.name)).toEqual(['summarize']);
    } finally {
      await t.close();
    }
  });

  it('requireRateLimit and requireAudit apply to resources and prompts at start-up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'surface-policy-'));
    const policy = join(dir, 'secure-mcp.config.json');
    writeFileSync(policy, JSON.stringify({ requireRateLimit: true, requireAudit: true }));
    @Resource({ uri: 'p://bare', name: 'bare' })
    class Bare {
      read() {
        return 'x';
      }
    }
    await expect(createTestClient({ resources: [Bare], policy })).rejects.toThrow(
      /resource:bare: requireRateLimit[\s\S]*resource:bare: requireAudit/,
    );
    await expect(createTestClient({ prompts: [PicturePrompt], policy })).rejects.toThrow(
      /prompt:picture: requireRateLimit/,
    );
  });
});
