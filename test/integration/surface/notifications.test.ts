import { IsString, MaxLength } from 'class-validator';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { Prompt, ReadOnly, Resource, Secret, SecretValue, Tool, type ResourceContext } from 'secure-mcp';
import { resourceNotFoundCode } from '../../support/sdk-line';

class Empty {}

class Word {
  @IsString() @MaxLength(10) word!: string;
}

@Resource({ uri: 'test://watched', name: 'watched' })
class Watched {
  static value = 'v1';
  read() {
    return Watched.value;
  }
}

const LOG_CANARY = 'canary-resource-log-not-real-8812';

/** A resource that logs to the client while it reads (and, carelessly, logs its credential). */
@Resource({ uri: 'test://chatty', name: 'chatty' })
class Chatty {
  constructor(@Secret('CHATTY_TOKEN') private readonly token: SecretValue) {}
  async read(ctx: ResourceContext) {
    await ctx.log.info('reading chatty', { token: this.token.reveal() });
    return 'chatty';
  }
}

@Tool({
  name: 'fancy',
  title: 'Fancy tool',
  description: 'has a title, icons and _meta',
  input: Word,
  icons: [{ src: 'https://example.com/icon.png', mimeType: 'image/png', sizes: ['48x48'] }],
  _meta: { 'example.com/team': 'docs' },
})
@ReadOnly()
class FancyTool {
  execute(input: Word) {
    return input.word;
  }
}

@Tool({ name: 'late', description: 'added at run time', input: Empty })
@ReadOnly()
class LateTool {
  execute() {
    return 'late';
  }
}

@Resource({ uri: 'test://late', name: 'late-resource' })
class LateResource {
  read() {
    return 'late resource';
  }
}

@Prompt({ name: 'late-prompt' })
class LatePrompt {
  render() {
    return 'late prompt';
  }
}

/** Collects notifications of one kind; `next()` waits for the next one. */
function collector<T>(t: TestClient, method: string) {
  const seen: T[] = [];
  const waiters: Array<(v: T) => void> = [];
  t.onNotification(method, async (n) => {
    const value = n as T;
    seen.push(value);
    waiters.shift()?.(value);
  });
  return {
    seen,
    next: () => new Promise<T>((resolve) => waiters.push(resolve)),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('subscriptions, list_changed and listing metadata (real SDK client, in memory)', () => {
  let t: TestClient;
  beforeEach(async () => {
    t = await createTestClient({ tools: [FancyTool], resources: [Watched] });
  });
  afterEach(() => t.close());

  it('advertises the capabilities', () => {
    expect(t.client.getServerCapabilities()).toMatchObject({
      tools: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      completions: {},
    });
  });

  it('passes tool title, icons and _meta through to tools/list', async () => {
    const { tools } = await t.listTools();
    expect(tools[0]).toMatchObject({
      name: 'fancy',
      title: 'Fancy tool',
      icons: [{ src: 'https://example.com/icon.png', mimeType: 'image/png', sizes: ['48x48'] }],
      _meta: { 'example.com/team': 'docs' },
    });
  });

  it('sends resources/updated to subscribers only, until they unsubscribe', async () => {
    const updates = collector<{ params: { uri: string } }>(t, 'notifications/resources/updated');
    await t.client.subscribeResource({ uri: 'test://watched' });
    const arrived = updates.next();
    Watched.value = 'v2';
    await t.server.notifyResourceUpdated('test://watched');
    expect((await arrived).params.uri).toBe('test://watched');
    expect(
      ((await t.client.readResource({ uri: 'test://watched' })).contents[0] as { text: string }).text,
    ).toBe('v2');

    await t.server.notifyResourceUpdated('test://other'); // nobody subscribed
    await t.client.unsubscribeResource({ uri: 'test://watched' });
    await t.server.notifyResourceUpdated('test://watched');
    await settle();
    expect(updates.seen).toHaveLength(1);
  });

  it('ctx.log works in a resource read: notifications/message at the client level, secrets scrubbed', async () => {
    const t2 = await createTestClient({
      resources: [Chatty],
      secrets: { values: { CHATTY_TOKEN: LOG_CANARY } },
    });
    try {
      const messages: unknown[] = [];
      t2.onNotification('notifications/message', async (n) => {
        messages.push(n.params);
      });
      await t2.client.setLoggingLevel('info');
      await t2.client.readResource({ uri: 'test://chatty' });
      await settle();
      expect(messages).toHaveLength(1);
      expect(JSON.stringify(messages)).toContain('reading chatty');
      expect(JSON.stringify(messages)).not.toContain(LOG_CANARY);
    } finally {
      await t2.close();
    }
  });

  it('refuses a subscription to a URI no resource serves', async () => {
    await expect(t.client.subscribeResource({ uri: 'test://nothing' })).rejects.toMatchObject({
      code: resourceNotFoundCode(t.server),
    });
  });

  it('announces tools, resources and prompts added and removed at run time', async () => {
    const tools = collector(t, 'notifications/tools/list_changed');
    const resources = collector(t, 'notifications/resources/list_changed');
    const prompts = collector(t, 'notifications/prompts/list_changed');

    await t.server.add(LateTool, LateResource, LatePrompt);
    await settle();
    expect([tools.seen.length, resources.seen.length, prompts.seen.length]).toEqual([1, 1, 1]);
    expect((await t.listTools()).tools.map((x) => x.name)).toEqual(['fancy', 'late']);
    expect(t.text(await t.callTool('late', {}))).toBe('late');
    expect((await t.client.listResources()).resources.map((r) => r.uri)).toEqual([
      'test://watched',
      'test://late',
    ]);
    expect((await t.client.getPrompt({ name: 'late-prompt' })).messages).toHaveLength(1);

    expect(t.server.remove('tool', 'late')).toBe(true);
    expect(t.server.remove('resource', 'late-resource')).toBe(true);
    expect(t.server.remove('prompt', 'late-prompt')).toBe(true);
    expect(t.server.remove('prompt', 'late-prompt')).toBe(false);
    await settle();
    expect([tools.seen.length, resources.seen.length, prompts.seen.length]).toEqual([2, 2, 2]);
    expect((await t.listTools()).tools.map((x) => x.name)).toEqual(['fancy']);
    expect((await t.callTool('late', {}).catch((e: Error) => e)) as Error).toBeInstanceOf(Error);
    await expect(t.client.readResource({ uri: 'test://late' })).rejects.toMatchObject({
      code: resourceNotFoundCode(t.server),
    });
  });

  it('checks classes added at run time like start-up does', async () => {
    await expect(t.server.add(FancyTool)).rejects.toThrow(/duplicate tool name "fancy"/);
    class NotDecorated {}
    await expect(t.server.add(NotDecorated)).rejects.toThrow(/is not a tool/);
  });
});
