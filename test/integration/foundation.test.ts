import { IsString, Matches } from 'class-validator';
import { Tool } from '../../src';
import { createTestClient, type TestClient } from '../../src/testing';
import {
  EchoTool,
  ExplodeTool,
  HangTool,
  hangObservations,
  ProfileTool,
  ProgressTool,
  RefuseTool,
} from '../fixtures/tools';

describe('a server driven by the real SDK client in memory', () => {
  let t: TestClient;
  beforeAll(async () => {
    t = await createTestClient({
      tools: [EchoTool, ProfileTool, ExplodeTool, RefuseTool, HangTool, ProgressTool],
    });
  });
  afterAll(() => t.close());

  it('lists tools with schemas and annotations derived from the DTO', async () => {
    const { tools } = await t.listTools();
    expect(tools.map((x) => x.name)).toEqual(['echo', 'profile', 'explode', 'refuse', 'hang', 'progress']);
    const echo = tools.find((x) => x.name === 'echo')!;
    expect(echo.annotations).toEqual({ readOnlyHint: true });
    expect(echo.inputSchema).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        message: { type: 'string', maxLength: 200, description: 'Text to echo back' },
        times: { type: 'integer', minimum: 1, maximum: 5 }, // optional, yet not null-able: no null union
      },
      required: ['message'],
      additionalProperties: false,
    });
    const profile = tools.find((x) => x.name === 'profile')!;
    expect(profile.annotations).toEqual({ readOnlyHint: false });
    expect(profile.inputSchema.properties!.address).toEqual({ $ref: '#/$defs/Address' });
    expect((profile.inputSchema.$defs as Record<string, unknown>).Address).toMatchObject({
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    });
  });

  it('calls a tool: string → text, object → structuredContent + JSON text, input is a DTO instance', async () => {
    const echoed = await t.callTool('echo', { message: 'hi', times: 2 });
    expect(echoed).toEqual({ content: [{ type: 'text', text: 'hihi' }] });
    const profile = await t.callTool('profile', {
      name: 'Ada',
      role: 'admin',
      address: { city: 'London' },
      tags: ['x'],
    });
    expect(profile.structuredContent).toEqual({
      name: 'Ada',
      role: 'admin',
      city: 'London',
      isInstance: true,
    });
    expect(JSON.parse(t.text(profile))).toEqual(profile.structuredContent);
  });

  it('rejects bad arguments with an isError result naming field and rule, without echoing the value', async () => {
    const cases: Array<[Record<string, unknown> | undefined, RegExp]> = [
      [undefined, /message: is required/],
      [{}, /message: is required/],
      [{ message: 42 }, /message: must be string/],
      [{ message: 'x', extra: 'CANARY-EXTRA-VALUE' }, /extra: is not an allowed field/],
      [{ message: 'CANARY-LONG-'.repeat(30) }, /message: must NOT have more than 200 characters/],
      [{ message: 'x', times: 9 }, /times: must be <= 5/],
      [{ message: 'x', times: 1.5 }, /times: must be integer/],
    ];
    for (const [args, expected] of cases) {
      const result = await t.callTool('echo', args);
      expect(result.isError).toBe(true);
      expect(t.text(result)).toMatch(/^Invalid arguments for tool echo: /);
      expect(t.text(result)).toMatch(expected);
      expect(t.text(result)).not.toContain('CANARY');
    }
    const nested = await t.callTool('profile', {
      name: 'a',
      role: 'root',
      address: { town: 'x' },
      tags: 'x',
    });
    expect(t.text(nested)).toMatch(/address: is required|address.city: is required/);
    expect(t.text(nested)).toMatch(/role: must be one of \["admin","user"\]/);
    expect(t.text(nested)).toMatch(/tags: must be array/);
    expect(t.text(nested)).toMatch(/address.town: is not an allowed field/);
    expect((await t.callTool('echo', { message: 'still works' })).isError).toBeUndefined();
  });

  it('refuses oversized, deeply nested and prototype-polluting arguments, then keeps serving', async () => {
    const huge = await t.callTool('echo', { message: 'x'.repeat(10 * 1024 * 1024) });
    expect(t.text(huge)).toBe('arguments are larger than the limit of 1048576 bytes');
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 10_000; i++) deep = (deep.a = {}) as Record<string, unknown>;
    const nested = await t.callTool('echo', { message: 'x', deep: root });
    expect(t.text(nested)).toBe('arguments are nested deeper than the limit of 64 levels');
    const polluted = await t.callTool('echo', JSON.parse('{"message":"x","__proto__":{"polluted":true}}'));
    expect(polluted.isError).toBe(true);
    expect(t.text(polluted)).toBe('arguments must not contain the key "__proto__" (prototype pollution)');
    const nestedProto = await t.callTool(
      'profile',
      JSON.parse(
        '{"name":"a","role":"user","tags":[],"address":{"city":"x","constructor":{"prototype":{"polluted":true}}}}',
      ),
    );
    expect(nestedProto.isError).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await t.callTool('echo', { message: 'ok' })).content).toEqual([{ type: 'text', text: 'ok' }]);
  });

  it('maps errors: ToolError message shown, other errors hidden behind a reference id', async () => {
    const refused = await t.callTool('refuse', {});
    expect(refused).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'the document is locked; try again later' }],
    });
    const exploded = await t.callTool('explode', {});
    expect(exploded.isError).toBe(true);
    expect(t.text(exploded)).toMatch(
      /^tool explode failed with an internal error \(reference: [0-9a-f-]{36}\)$/,
    );
    expect(JSON.stringify(exploded)).not.toContain('canary-internal');
  });

  it('times out a tool that never resolves and aborts ctx.signal', async () => {
    hangObservations.length = 0;
    const started = Date.now();
    const result = await t.callTool('hang', {});
    expect(Date.now() - started).toBeLessThan(2000);
    expect(t.text(result)).toBe('tool hang timed out after 200 ms');
    expect(hangObservations).toEqual([{ aborted: true, reason: 'ToolTimeout' }]);
  });

  it('sends progress notifications when the client asks for them', async () => {
    const seen: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await t.callTool('progress', {}, { onprogress: (p) => seen.push(p) });
    expect(result.content).toEqual([{ type: 'text', text: 'done' }]);
    expect(seen).toEqual([1, 2, 3].map((i) => ({ progress: i, total: 3, message: `step ${i}` })));
    expect((await t.callTool('progress', {})).content).toEqual([{ type: 'text', text: 'done' }]);
  });

  it('answers an unknown tool with a JSON-RPC error and keeps serving', async () => {
    await expect(t.callTool('nope', {})).rejects.toThrow(/Unknown tool: nope/);
    expect((await t.callTool('echo', { message: 'alive' })).content).toEqual([
      { type: 'text', text: 'alive' },
    ]);
  });
});

describe('custom validation messages', () => {
  class SlugInput {
    @IsString()
    @Matches(/^[a-z-]+$/, { message: 'slug must use lowercase letters and dashes, e.g. "my-page"' })
    slug!: string;

    @IsString() title!: string;
  }

  @Tool({ name: 'slugs', description: 'Custom messages', input: SlugInput })
  class SlugTool {
    execute(input: SlugInput) {
      return input.slug;
    }
  }

  it("shows the DTO author's message instead of the schema wording, and schema problems for other fields", async () => {
    const t = await createTestClient({ tools: [SlugTool] });
    const result = await t.callTool('slugs', { slug: 'Not A Slug', title: 3 });
    expect(t.text(result)).toBe(
      'Invalid arguments for tool slugs: slug: slug must use lowercase letters and dashes, e.g. "my-page" (matches); title: must be string (type)',
    );
    await t.close();
  });
});
