import 'reflect-metadata';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ReadOnly, Tool } from '../../src';
import { createTestClient, type ToolArgs } from '../../src/testing';

class SearchInput {
  @IsString() query!: string;
  @IsOptional() @IsInt() @Min(1) @Max(50) limit?: number;
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  describe(): string {
    return `${this.query}/${this.limit ?? 10}`;
  }
}

@Tool({ name: 'search_typed', description: 'Echoes its validated input', input: SearchInput })
@ReadOnly()
class SearchTool {
  execute(input: SearchInput) {
    return input.describe();
  }
}

@Tool({ name: 'ping_typed', description: 'No arguments' })
@ReadOnly()
class PingTool {
  execute() {
    return 'pong';
  }
}

// Compile-time checks: `npm run typecheck` fails if the inferred argument types stop catching these.
type Expect<T extends true> = T;
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
export type Checks = [
  Expect<Equal<keyof ToolArgs<typeof SearchTool>, 'query' | 'limit' | 'order'>>, // methods are not arguments
  Expect<Equal<ToolArgs<typeof SearchTool>['order'], 'asc' | 'desc' | undefined>>,
];

describe('createTestClient: call(ToolClass, args) with arguments typed from the DTO', () => {
  it('calls by class, through the real pipeline', async () => {
    const t = await createTestClient({ tools: [SearchTool, PingTool] });
    try {
      expect(t.text(await t.call(SearchTool, { query: 'refunds', limit: 5 }))).toBe('refunds/5');
      expect(t.text(await t.call(PingTool))).toBe('pong');
      // Values the types allow are still validated by the server.
      const refused = await t.call(SearchTool, { query: 'x', limit: 500 });
      expect(refused.isError).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('turns wrong arguments into compile errors', async () => {
    const t = await createTestClient({ tools: [SearchTool] });
    try {
      // Each line below must fail to compile; at run time the server refuses them as well.
      // @ts-expect-error a required field is missing
      expect((await t.call(SearchTool, { limit: 5 })).isError).toBe(true);
      // @ts-expect-error a field the DTO does not have
      expect((await t.call(SearchTool, { query: 'a', admin: true })).isError).toBe(true);
      // @ts-expect-error a wrong type
      expect((await t.call(SearchTool, { query: 42 })).isError).toBe(true);
      // @ts-expect-error arguments are required when the DTO has required fields
      expect((await t.call(SearchTool)).isError).toBe(true);
    } finally {
      await t.close();
    }
  });
});
