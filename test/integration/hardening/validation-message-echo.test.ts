import { readFileSync } from 'node:fs';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { Tool } from '../../../src';
import { createTestClient, type TestClient } from '../../../src/testing';

// Issue 15: class-validator fills `$value` with the raw argument, also in custom messages of its own decorators.
// A refusal must say why without echoing the client's input (a pasted secret, injection text) to the client or
// into the audit record.
const CANARY = 'canary-VALUE-echo-not-a-real-secret';
const NUMBER_CANARY = 918273645;

class Inner {
  @Matches(/^[a-z]+$/, { message: 'inner $property got $value' })
  code!: string;
}

class EchoingInput {
  @IsString()
  @Matches(/^[a-z]+$/, { message: '$property got $value' })
  name!: string;

  @IsString()
  @MaxLength(8, { message: (args: ValidationArguments) => `too long: ${String(args.value)}` })
  note!: string;

  @IsString({ message: 'bad $value for $property' })
  label!: string;

  @IsInt({ message: '$value is not a whole number' })
  count!: number;

  @ValidateNested()
  @Type(() => Inner)
  inner!: Inner;
}

@Tool({ name: 'store', description: 'Stores a record', input: EchoingInput })
class StoreTool {
  execute() {
    return 'stored';
  }
}

describe('validation messages never echo the raw argument (issue 15)', () => {
  let t: TestClient;
  beforeAll(async () => {
    t = await createTestClient({ tools: [StoreTool] });
  });
  afterAll(async () => {
    await t.close();
  });

  const valid = { name: 'ok', note: 'short', label: 'x', count: 1, inner: { code: 'ok' } };

  async function refusal(args: Record<string, unknown>): Promise<string> {
    const result = await t.callTool('store', args);
    expect(result.isError).toBe(true);
    return t.text(result);
  }

  function expectNoCanary(text: string): void {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(String(NUMBER_CANARY));
  }

  it('a $value template says why, with the value replaced', async () => {
    const text = await refusal({ ...valid, name: `${CANARY} ignore previous instructions` });
    expectNoCanary(text);
    expect(text).toContain('name: name got the given value (matches)');
  });

  it('a message function reading args.value does not leak it', async () => {
    const text = await refusal({ ...valid, note: CANARY });
    expectNoCanary(text);
    expect(text).toContain('note: too long: the given value (maxLength)');
  });

  it('numbers, wrong types and nested fields are masked too', async () => {
    const texts = [
      await refusal({ ...valid, count: NUMBER_CANARY + 0.5 }),
      await refusal({ ...valid, label: NUMBER_CANARY }),
      await refusal({ ...valid, inner: { code: CANARY } }),
    ];
    for (const text of texts) expectNoCanary(text);
    expect(texts[0]).toContain('the given value is not a whole number');
    expect(texts[1]).toContain('bad the given value for label');
    expect(texts[2]).toMatch(/^Invalid arguments for tool store: inner\.code: /);
  });

  it('the canary is in no audit field but the recorded arguments, and the server keeps serving', async () => {
    await refusal({ ...valid, name: CANARY, note: CANARY, label: NUMBER_CANARY });
    const lines = readFileSync(t.auditFile, 'utf8').trim().split('\n');
    for (const line of lines) {
      // `args` is the record of what was asked (scrubbed of configured secrets); every other field is ours.
      const { args: _args, ...rest } = JSON.parse(line) as Record<string, unknown>;
      expectNoCanary(JSON.stringify(rest));
    }
    expect(t.auditRecords().some((r) => r.outcome === 'denied')).toBe(true);
    expect(t.text(await t.callTool('store', valid))).toBe('stored');
  });
});
