import { IsString, MaxLength } from 'class-validator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { Prompt, Resource, Tool } from 'secure-mcp';

class NoInput {}
class Name {
  @IsString() @MaxLength(20) name!: string;
}

const tools = Array.from({ length: 7 }, (_, i) => {
  class T {
    execute() {
      return `tool ${i}`;
    }
  }
  Tool({ name: `tool_${i}`, description: `Tool ${i}`, input: NoInput })(T);
  return T;
});
const prompts = Array.from({ length: 5 }, (_, i) => {
  class P {
    render() {
      return `prompt ${i}`;
    }
  }
  Prompt({ name: `prompt_${i}` })(P);
  return P;
});
const fixed = Array.from({ length: 2 }, (_, i) => {
  class R {
    read() {
      return `resource ${i}`;
    }
  }
  Resource({ uri: `fixed://${i}`, name: `fixed_${i}` })(R);
  return R;
});
const templates = Array.from({ length: 4 }, (_, i) => {
  class R {
    read(p: Name) {
      return p.name;
    }
    list() {
      return [
        { uri: `t${i}://a`, name: `t${i}-a` },
        { uri: `t${i}://b`, name: `t${i}-b` },
      ];
    }
  }
  Resource({ uriTemplate: `t${i}://{name}`, name: `template_${i}`, params: Name })(R);
  return R;
});

/** Follows nextCursor to the end, as a client does; returns every page's names. */
async function allPages<T>(
  list: (cursor?: string) => Promise<{ nextCursor?: string; items: T[] }>,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined && pages.length < 20);
  return pages;
}

const tamper = (cursor: string, edit: (text: string) => string) =>
  Buffer.from(edit(Buffer.from(cursor, 'base64url').toString('utf8'))).toString('base64url');

/**
 * A client that asks for one page at a time: the 1.x SDK client, connected in memory to the test kit's server
 * (whichever line that runs on). The 2.x client (the kit's client on line 2) follows every cursor itself when
 * `list*()` is called without one, so it never shows the server's pages.
 */
async function pagingClient(t: TestClient): Promise<Client> {
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await t.server.connect(serverSide);
  const client = new Client({ name: 'pager', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

describe('cursor pagination of the listings through the real SDK client', () => {
  let t: TestClient;
  let client: Client;
  beforeAll(async () => {
    t = await createTestClient({
      tools,
      prompts,
      resources: [...fixed, ...templates],
      limits: { listPageSize: 3 },
    });
    client = await pagingClient(t);
  });
  afterAll(async () => {
    await client.close();
    await t.close();
  });

  it('pages tools/list, prompts/list, resources/list and resources/templates/list', async () => {
    const toolPages = await allPages(async (cursor) => {
      const r = await client.listTools(cursor ? { cursor } : {});
      return { items: r.tools.map((x) => x.name), nextCursor: r.nextCursor };
    });
    expect(toolPages).toEqual([['tool_0', 'tool_1', 'tool_2'], ['tool_3', 'tool_4', 'tool_5'], ['tool_6']]);
    const promptPages = await allPages(async (cursor) => {
      const r = await client.listPrompts(cursor ? { cursor } : {});
      return { items: r.prompts.map((x) => x.name), nextCursor: r.nextCursor };
    });
    expect(promptPages.flat()).toEqual(['prompt_0', 'prompt_1', 'prompt_2', 'prompt_3', 'prompt_4']);
    expect(promptPages.map((p) => p.length)).toEqual([3, 2]);
    const resourcePages = await allPages(async (cursor) => {
      const r = await client.listResources(cursor ? { cursor } : {});
      return { items: r.resources.map((x) => x.uri), nextCursor: r.nextCursor };
    });
    expect(resourcePages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
    expect(new Set(resourcePages.flat()).size).toBe(10);
    const templatePages = await allPages(async (cursor) => {
      const r = await client.listResourceTemplates(cursor ? { cursor } : {});
      return { items: r.resourceTemplates.map((x) => x.name), nextCursor: r.nextCursor };
    });
    expect(templatePages).toEqual([['template_0', 'template_1', 'template_2'], ['template_3']]);
  });

  it('refuses a cursor it did not issue, an altered one and one of another list with -32602', async () => {
    const first = await client.listTools();
    const cursor = first.nextCursor!;
    expect(Buffer.from(cursor, 'base64url').toString('utf8')).not.toContain('tool_'); // opaque: an offset, signed
    for (const bad of [
      'not-a-cursor',
      Buffer.from('3').toString('base64url'),
      tamper(cursor, (text) => text.replace(/^3\./, '6.')),
      tamper(cursor, (text) => text.replace(/^3\./, '-1.')),
      'x'.repeat(10_000),
    ]) {
      await expect(client.listTools({ cursor: bad })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringMatching(/Invalid cursor for tools\/list: .*; list again without a cursor/),
      });
    }
    await expect(client.listPrompts({ cursor })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('belongs to another list'),
    });
    // The genuine cursor still works.
    expect((await client.listTools({ cursor })).tools.map((x) => x.name)).toEqual([
      'tool_3',
      'tool_4',
      'tool_5',
    ]);
  });
});

describe('the default page size', () => {
  it('keeps a small server on one page, without a cursor', async () => {
    const t = await createTestClient({ tools, prompts, resources: [...fixed, ...templates] });
    const client = await pagingClient(t);
    try {
      const listed = await client.listTools();
      expect(listed.tools).toHaveLength(7);
      expect(listed.nextCursor).toBeUndefined();
      expect((await client.listResources()).nextCursor).toBeUndefined();
    } finally {
      await client.close();
      await t.close();
    }
  });
});
