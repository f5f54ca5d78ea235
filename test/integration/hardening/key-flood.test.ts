import { readFileSync } from 'node:fs';
import { ArrayUnique, IsArray, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { ReadOnly, Tool } from '../../../src';
import { createTestClient, type TestClient } from '../../../src/testing';
import type { JsonSchema } from '../../../src/validation/json-schema';
import { compileSchema } from '../../../src/validation/schema-validator';

// Issue 11, item 6: class-transformer de-duplicates an object's keys in quadratic time, so ~1 MiB of keys in one
// call stalled the event loop for seconds before any check could refuse it. The argument guard now caps key
// counts (per object and in total) in its linear pass, before class-transformer sees the arguments.

const { TransformOperationExecutor } = require('class-transformer/cjs/TransformOperationExecutor') as {
  TransformOperationExecutor: { prototype: { getKeys(target: unknown, object: object): string[] } };
};

class NoteInput {
  @IsString() @MaxLength(100) title!: string;
  /** A free-form object: the JSON Schema allows any keys, class-transformer walks them all. */
  @IsOptional() @IsObject() meta?: Record<string, unknown>;
}

@Tool({ name: 'note', description: 'Stores a note with free-form metadata', input: NoteInput })
@ReadOnly()
class NoteTool {
  execute(input: NoteInput) {
    return `noted ${input.title} with ${Object.keys(input.meta ?? {}).length} metadata keys`;
  }
}

class GreetInput {
  /** A custom message: schema failures still reach class-transformer, to show the author's wording. */
  @IsString({ message: 'name must be text' }) name!: string;
}

@Tool({ name: 'greet', description: 'Greets', input: GreetInput })
@ReadOnly()
class GreetTool {
  execute(input: GreetInput) {
    return `hello ${input.name}`;
  }
}

class TagsInput {
  /** `@ArrayUnique()`: class-validator compares items pairwise; its schema form (`uniqueItems`) made Ajv do so. */
  @IsOptional() @IsArray() @IsString({ each: true }) @ArrayUnique() tags?: string[];
  @IsOptional() @IsArray() @ArrayUnique() pairs?: unknown[];
}

@Tool({ name: 'tag', description: 'Tags', input: TagsInput })
@ReadOnly()
class TagTool {
  execute(input: TagsInput) {
    return `${input.tags?.length ?? 0} tags, ${input.pairs?.length ?? 0} pairs`;
  }
}

/** `count` distinct short keys with empty string values: about 1 MiB for 100,000 keys, under the size cap. */
function keys(count: number, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) out[prefix + i.toString(36)] = '';
  return out;
}

describe('a flood of keys is refused before any quadratic work (issue 11, item 6)', () => {
  let t: TestClient;
  let largestObjectSeen = 0;
  let spy: jest.SpyInstance;
  beforeAll(async () => {
    t = await createTestClient({ tools: [NoteTool, GreetTool, TagTool] });
    const original = TransformOperationExecutor.prototype.getKeys;
    spy = jest.spyOn(TransformOperationExecutor.prototype, 'getKeys').mockImplementation(function (
      this: unknown,
      target: unknown,
      object: object,
    ) {
      largestObjectSeen = Math.max(largestObjectSeen, Object.keys(object).length);
      return original.call(this, target, object);
    });
  });
  afterAll(async () => {
    spy.mockRestore();
    await t.close();
  });
  beforeEach(() => {
    largestObjectSeen = 0;
  });

  async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
    const started = performance.now();
    const result = await work();
    return [result, performance.now() - started];
  }

  const deniedRecords = () =>
    readFileSync(t.auditFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { outcome: string; reason?: string });

  it('100,000 keys in a free-form object field: refused by the guard, class-transformer never sees them', async () => {
    const flood = keys(100_000);
    const [result, ms] = await timed(() => t.callTool('note', { title: 'x', meta: flood }));
    expect(result.isError).toBe(true);
    expect(t.text(result)).toBe('an object in the arguments has more than the limit of 1000 keys');
    expect(largestObjectSeen).toBe(0);
    // The server answers the next call at once (without the cap: the first call alone took ~10 s).
    const [next, nextMs] = await timed(() => t.callTool('note', { title: 'next', meta: { a: 1 } }));
    expect(t.text(next)).toBe('noted next with 1 metadata keys');
    expect(ms + nextMs).toBeLessThan(5_000);
    expect(deniedRecords().some((r) => r.outcome === 'denied' && r.reason === 'argument-keys')).toBe(true);
  });

  it('90,000 unknown top-level keys for a DTO with a custom message: refused before class-transformer', async () => {
    const [result, ms] = await timed(() => t.callTool('greet', { name: 'x', ...keys(90_000, 'q') }));
    // The exact message: it names the limit, never the submitted keys.
    expect(t.text(result)).toBe('an object in the arguments has more than the limit of 1000 keys');
    expect(largestObjectSeen).toBe(0);
    expect(ms).toBeLessThan(5_000);
  });

  it('many objects just under the per-object cap: the total cap refuses them', async () => {
    const meta: Record<string, unknown> = {};
    for (let i = 0; i < 12; i++) meta[`o${i}`] = keys(999);
    const result = await t.callTool('note', { title: 'x', meta });
    expect(t.text(result)).toBe('arguments have more than the limit of 10000 keys in all objects together');
    expect(largestObjectSeen).toBe(0);
  });

  it('an object at the cap is accepted and validated as before', async () => {
    const result = await t.callTool('note', { title: 'x', meta: keys(1000) });
    expect(t.text(result)).toBe('noted x with 1000 metadata keys');
    expect(largestObjectSeen).toBe(1000);
  });

  it('lists at most a few problems when many fields are wrong, without the values', async () => {
    const result = await t.callTool('greet', { name: 5, ...keys(500, 'zz') });
    const text = t.text(result);
    expect(text).toMatch(/^Invalid arguments for tool greet: name: name must be text/);
    expect(text).toMatch(/and \d+ more problems$/);
    expect(text.length).toBeLessThan(1_000);
  });
});

describe('large arrays under @ArrayUnique are refused or checked in linear time (same class as item 6)', () => {
  let t: TestClient;
  beforeAll(async () => {
    t = await createTestClient({ tools: [TagTool, NoteTool] });
  });
  afterAll(() => t.close());

  it('150,000 distinct strings (under 1 MiB): refused by the per-array cap at once', async () => {
    const tags = Array.from({ length: 150_000 }, (_, i) => i.toString(36));
    const started = performance.now();
    const result = await t.callTool('tag', { tags });
    expect(t.text(result)).toBe('an array in the arguments has more than the limit of 10000 items');
    // Without the cap class-validator's pairwise check alone takes ~12 s here.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('several arrays just under the per-array cap: the total cap refuses them', async () => {
    const items = Array.from({ length: 9_000 }, (_, i) => i);
    const result = await t.callTool('note', { title: 'x', meta: { a: items, b: items, c: items } });
    expect(t.text(result)).toBe(
      'arguments have more than the limit of 20000 array items in all arrays together',
    );
  });

  it('9,000 distinct small arrays under uniqueItems: accepted; duplicates (deep, any key order) still found', async () => {
    const pairs = Array.from({ length: 9_000 }, (_, i) => [i]);
    expect(t.text(await t.callTool('tag', { pairs }))).toBe('0 tags, 9000 pairs');
    const duplicated = await t.callTool('tag', {
      pairs: [
        [1, { a: 1, b: 2 }],
        [1, { b: 2, a: 1 }],
      ],
    });
    expect(t.text(duplicated)).toBe(
      'Invalid arguments for tool tag: pairs: must NOT have duplicate items (uniqueItems)',
    );
  });

  it('the schema check of uniqueItems is one pass (Ajv alone took ~0.8 s for 9,000 small arrays)', () => {
    // 30,000 items: pairwise comparison would take ~9 s, one pass takes milliseconds; the bound leaves room
    // for a loaded CI machine.
    const check = compileSchema({
      type: 'object',
      properties: { pairs: { type: 'array', uniqueItems: true, items: { type: 'array' } } },
    } as unknown as JsonSchema);
    const pairs = Array.from({ length: 30_000 }, (_, i) => [i]);
    check({ pairs: [[0]] }); // compile outside the measurement
    const started = performance.now();
    expect(check({ pairs })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(check({ pairs: [...pairs, [4711]] })).toEqual([
      'pairs: must NOT have duplicate items (uniqueItems)',
    ]);
  });
});

describe('key and item caps are configurable', () => {
  it('limits.maxObjectKeys and limits.maxArgumentKeys', async () => {
    const t = await createTestClient({
      tools: [NoteTool],
      limits: { maxObjectKeys: 5, maxArgumentKeys: 8, maxArrayItems: 3, maxArgumentItems: 4 },
    });
    try {
      expect(t.text(await t.callTool('note', { title: 'x', meta: keys(5) }))).toBe(
        'noted x with 5 metadata keys',
      );
      expect(t.text(await t.callTool('note', { title: 'x', meta: keys(6) }))).toBe(
        'an object in the arguments has more than the limit of 5 keys',
      );
      expect(t.text(await t.callTool('note', { title: 'x', meta: { a: keys(4), b: keys(4) } }))).toBe(
        'arguments have more than the limit of 8 keys in all objects together',
      );
      expect(t.text(await t.callTool('note', { title: 'x', meta: { a: [1, 2, 3, 4] } }))).toBe(
        'an array in the arguments has more than the limit of 3 items',
      );
      expect(t.text(await t.callTool('note', { title: 'x', meta: { a: [1, 2, 3], b: [1, 2] } }))).toBe(
        'arguments have more than the limit of 4 array items in all arrays together',
      );
    } finally {
      await t.close();
    }
  });
});
