import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validate,
  ValidateNested,
} from 'class-validator';
import { getMetadataStorage } from 'class-validator';
import { Nullable } from '../../src/decorators/nullable';
import { compileInputValidator } from '../../src/validation/input-validator';
import { dtoToJsonSchema } from '../../src/validation/json-schema';
import { readNullableFields } from '../../src/metadata/read-tool-definition';
import { schemaCoversDto } from '../../src/validation/schema-covered';
import { compileSchema } from '../../src/validation/schema-validator';

enum Level {
  Low = 'low',
  High = 'high',
}

class Strings {
  @IsString() @MinLength(2) @MaxLength(5) name!: string;
  @IsOptional() @IsString() @Matches(/^[a-z]+$/) slug?: string;
  @IsOptional() @IsEmail() email?: string;
}

class Numbers {
  @IsInt() @Min(1) @Max(10) count!: number;
  @IsOptional() @IsNumber() ratio?: number;
  @IsOptional() @IsBoolean() flag?: boolean;
}

class Choices {
  @IsEnum(Level) level!: Level;
  @IsIn(['a', 'b']) letter!: string;
}

class Item {
  @IsString() id!: string;
  @IsOptional() @IsInt() qty?: number;
}

class Nested {
  @ValidateNested() @Type(() => Item) item!: Item;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];
  @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[];
}

class WithNullable {
  @IsString() name!: string;
  @Nullable() @IsOptional() @IsString() @MaxLength(3) note?: string | null;
}

/** Each DTO with inputs on both sides of its rules; schema (what clients see) and class-validator must agree. */
const TABLE: Array<[Function, unknown[]]> = [
  [
    Strings,
    [
      { name: 'ab' },
      { name: 'abcde' },
      { name: 'a' },
      { name: 'abcdef' },
      { name: 3 },
      {},
      { name: 'ab', slug: 'abc' },
      { name: 'ab', slug: 'ABC' },
      { name: 'ab', slug: null },
      { name: 'ab', email: 'x@example.com' },
      { name: 'ab', email: 'not-an-email' },
      { name: 'ab', extra: 1 },
    ],
  ],
  [
    Numbers,
    [
      { count: 1 },
      { count: 10 },
      { count: 0 },
      { count: 11 },
      { count: 2.5 },
      { count: '3' },
      { count: 3, ratio: 0.5 },
      { count: 3, ratio: 'x' },
      { count: 3, flag: true },
      { count: 3, flag: 'true' },
      { count: 3, flag: null },
    ],
  ],
  [
    Choices,
    [
      { level: 'low', letter: 'a' },
      { level: 'high', letter: 'b' },
      { level: 'medium', letter: 'a' },
      { level: 'low', letter: 'c' },
      { level: 1, letter: 'a' },
    ],
  ],
  [
    Nested,
    [
      { item: { id: 'x' }, items: [{ id: 'y' }] },
      { item: { id: 'x', qty: 2 }, items: [{ id: 'y' }, { id: 'z' }] },
      { item: { id: 'x' }, items: [] },
      { item: { id: 'x' }, items: [{ id: 'y' }, { id: 'z' }, { id: 'w' }] },
      { item: { id: 3 }, items: [{ id: 'y' }] },
      { item: { id: 'x', other: 1 }, items: [{ id: 'y' }] },
      { item: { id: 'x' }, items: [{ id: 'y', qty: 'many' }] },
      { item: { id: 'x' }, items: [{ id: 'y' }], tags: ['a', 'b'] },
      { item: { id: 'x' }, items: [{ id: 'y' }], tags: ['a', 2] },
      { item: { id: 'x' }, items: [{ id: 'y' }], tags: 'a' },
      { item: 'x', items: [{ id: 'y' }] },
      { item: { id: 'x', qty: null }, items: [{ id: 'y' }] },
    ],
  ],
  [
    WithNullable,
    [
      { name: 'a' },
      { name: 'a', note: null },
      { name: 'a', note: 'abc' },
      { name: 'a', note: 'abcd' },
      { name: null },
    ],
  ],
];

/**
 * The reference: class-validator, with one decision of ours on top. `@IsOptional()` lets class-validator accept
 * `null`; secure-mcp refuses `null` unless the field is `@Nullable()`, so that the listed schema needs no `null`
 * unions (clients' schema lints warn on them) and schema and validation still agree.
 */
async function classValidatorAccepts(dto: Function, input: unknown): Promise<boolean> {
  if (hasForbiddenNull(dto, input)) return false;
  const instance = plainToInstance(dto as never, input as object);
  const errors = await validate(instance as object, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return errors.length === 0;
}

function hasForbiddenNull(dto: Function, input: unknown): boolean {
  if (!input || typeof input !== 'object') return false;
  const nullable = new Set(readNullableFields(dto as never));
  for (const [key, value] of Object.entries(input)) {
    if (value === null && !nullable.has(key)) return true;
    const nested = Reflect.getMetadata('design:type', (dto as { prototype: object }).prototype, key);
    const inner = NESTED.get(`${dto.name}.${key}`);
    if (inner && nested !== undefined) {
      for (const v of Array.isArray(value) ? value : [value]) if (hasForbiddenNull(inner, v)) return true;
    }
  }
  return false;
}

/** Nested DTO fields of the table (class-transformer's @Type, spelled out for the reference). */
const NESTED = new Map<string, Function>([
  ['Nested.item', Item],
  ['Nested.items', Item],
]);

describe('the derived JSON Schema agrees with class-validator', () => {
  for (const [dto, inputs] of TABLE) {
    const schemaAccepts = compileSchema(dtoToJsonSchema(dto as never));
    it.each(inputs.map((input) => [JSON.stringify(input), input]))(
      `${dto.name} %s`,
      async (_label, input) => {
        const bySchema = schemaAccepts(input).length === 0;
        expect(bySchema).toBe(await classValidatorAccepts(dto, input));
      },
    );
  }

  it('the compiled validator (fast path or not) accepts exactly what class-validator accepts', async () => {
    for (const [dto, inputs] of TABLE) {
      const validator = compileInputValidator(dto as never, dtoToJsonSchema(dto as never), 't');
      for (const input of inputs) {
        const accepted = await validator(input as Record<string, unknown>).then(
          (instance) => instance instanceof dto,
          () => false,
        );
        expect([JSON.stringify(input), accepted]).toEqual([
          JSON.stringify(input),
          await classValidatorAccepts(dto, input),
        ]);
      }
    }
  });

  it('skips class-validator only for DTOs whose rules the schema fully expresses', () => {
    const covers = (dto: Function) =>
      schemaCoversDto(dto as never, getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false));
    expect(covers(Numbers)).toBe(false); // @IsNumber: NaN and Infinity are not in the schema
    expect(covers(Choices)).toBe(true);
    expect(covers(Strings)).toBe(false); // @Matches flags, @IsEmail format
    expect(covers(Nested)).toBe(false); // @Type / @ValidateNested
    class Simple {
      @IsString() @MaxLength(5) a!: string;
      @IsOptional() @IsInt() @Min(1) b?: number;
    }
    class WithMessage {
      @IsString({ message: 'a must be text' }) a!: string;
    }
    expect(covers(Simple)).toBe(true);
    expect(covers(WithMessage)).toBe(false);
  });

  it('the table has both accepted and rejected inputs for every DTO', async () => {
    for (const [dto, inputs] of TABLE) {
      const verdicts = await Promise.all(inputs.map((i) => classValidatorAccepts(dto, i)));
      expect(verdicts).toContain(true);
      expect(verdicts).toContain(false);
    }
  });
});
