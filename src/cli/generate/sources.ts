import type { GeneratedNames } from './names';

/** One file to write, relative to the project. */
export interface GeneratedFile {
  path: string;
  text: string;
}

export type CapabilityKind = 'tool' | 'resource' | 'prompt';

/**
 * The class, its DTO and a passing test for one capability, in the templates' conventions: `src/<kind>s/<file>.ts`,
 * `test/<file>.test.ts`, `@ReadOnly`, `@RateLimit` and `@Audit` (what the templates' team policy requires), a
 * closed DTO with length caps, and a test through `createTestClient` that also shows a refused input.
 */
export function generatedFiles(kind: CapabilityKind, n: GeneratedNames): GeneratedFile[] {
  switch (kind) {
    case 'tool':
      return tool(n);
    case 'resource':
      return resource(n);
    case 'prompt':
      return prompt(n);
  }
}

function tool(n: GeneratedNames): GeneratedFile[] {
  const cls = `${n.pascal}Tool`;
  const input = `${n.pascal}Input`;
  return [
    {
      path: `src/tools/${n.file}.ts`,
      text: `import { IsString, MaxLength, MinLength } from 'class-validator';
import { Audit, Description, RateLimit, ReadOnly, Tool, type ToolContext } from 'secure-mcp';

/** The arguments of ${n.name}: the DTO is its JSON Schema, its validator and the type execute() receives. */
export class ${input} {
  @Description('What to look up')
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  query!: string;
}

@Tool({ name: '${n.name}', description: 'Describe what ${n.name} does, for the model', input: ${input} })
@ReadOnly() // remove for a tool that changes something (read-only mode then hides it)
@RateLimit({ limit: 30, window: '1m' })
@Audit()
export class ${cls} {
  execute(input: ${input}, ctx: ToolContext) {
    ctx.logger.info('${n.name} called', { length: input.query.length });
    return { query: input.query };
  }
}
`,
    },
    {
      path: `test/${n.file}.test.ts`,
      text: `import 'reflect-metadata';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { ${cls} } from '../src/tools/${n.file}';

describe('${n.name}', () => {
  let t: TestClient;
  beforeEach(async () => {
    t = await createTestClient({ tools: [${cls}] });
  });
  afterEach(() => t.close());

  it('is listed as a read-only tool with a closed input schema', async () => {
    const { tools } = await t.listTools();
    const tool = tools.find((x) => x.name === '${n.name}');
    expect(tool?.annotations?.readOnlyHint).toBe(true);
    expect(tool?.inputSchema).toMatchObject({ additionalProperties: false, required: ['query'] });
  });

  it('answers a valid call', async () => {
    const result = await t.callTool('${n.name}', { query: 'hello' });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(t.text(result))).toEqual({ query: 'hello' });
  });

  it.each([
    ['a missing query', {}],
    ['an unknown property', { query: 'x', shell: 'rm -rf /' }],
  ])('rejects %s without running the tool', async (_case, args) => {
    const result = await t.callTool('${n.name}', args);
    expect(result.isError).toBe(true);
    expect(t.text(result)).not.toContain('rm -rf');
  });
});
`,
    },
  ];
}

function resource(n: GeneratedNames): GeneratedFile[] {
  const cls = `${n.pascal}Resource`;
  const uri = `app://${n.file}`;
  return [
    {
      path: `src/resources/${n.file}.ts`,
      text: `import { Audit, RateLimit, Resource, type ResourceContext } from 'secure-mcp';

/** A resource the client can read at ${uri} (resources are read-only by nature). */
@Resource({ uri: '${uri}', name: '${n.name}', mimeType: 'text/plain', description: 'Describe ${n.name}' })
@RateLimit({ limit: 60, window: '1m' })
@Audit()
export class ${cls} {
  read(_ctx: ResourceContext) {
    return '${n.name}: replace this text with what the resource returns';
  }
}
`,
    },
    {
      path: `test/${n.file}.test.ts`,
      text: `import 'reflect-metadata';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { ${cls} } from '../src/resources/${n.file}';

describe('resource ${n.name}', () => {
  let t: TestClient;
  beforeEach(async () => {
    t = await createTestClient({ resources: [${cls}] });
  });
  afterEach(() => t.close());

  it('is listed and read', async () => {
    const { resources } = await t.client.listResources();
    expect(resources.map((r) => r.uri)).toContain('${uri}');
    const { contents } = await t.client.readResource({ uri: '${uri}' });
    expect(contents[0]).toMatchObject({ uri: '${uri}', mimeType: 'text/plain' });
  });
});
`,
    },
  ];
}

function prompt(n: GeneratedNames): GeneratedFile[] {
  const cls = `${n.pascal}Prompt`;
  const args = `${n.pascal}Args`;
  return [
    {
      path: `src/prompts/${n.file}.ts`,
      text: `import { IsString, MaxLength } from 'class-validator';
import { Audit, Prompt, RateLimit, type PromptContext } from 'secure-mcp';

/** The arguments of prompt ${n.name} (prompt arguments are strings). */
export class ${args} {
  @IsString()
  @MaxLength(200)
  topic!: string;
}

@Prompt({ name: '${n.name}', description: 'Describe what ${n.name} asks the model', args: ${args} })
@RateLimit({ limit: 30, window: '1m' })
@Audit()
export class ${cls} {
  render(args: ${args}, _ctx: PromptContext) {
    return \`Write about \${args.topic}.\`;
  }
}
`,
    },
    {
      path: `test/${n.file}.test.ts`,
      text: `import 'reflect-metadata';
import { createTestClient, type TestClient } from 'secure-mcp/testing';
import { ${cls} } from '../src/prompts/${n.file}';

describe('prompt ${n.name}', () => {
  let t: TestClient;
  beforeEach(async () => {
    t = await createTestClient({ prompts: [${cls}] });
  });
  afterEach(() => t.close());

  it('renders with valid arguments', async () => {
    const result = await t.client.getPrompt({ name: '${n.name}', arguments: { topic: 'tides' } });
    expect(JSON.stringify(result.messages)).toContain('Write about tides.');
  });

  it('refuses unknown arguments', async () => {
    await expect(
      t.client.getPrompt({ name: '${n.name}', arguments: { topic: 'x', other: 'y' } }),
    ).rejects.toThrow();
  });
});
`,
    },
  ];
}
