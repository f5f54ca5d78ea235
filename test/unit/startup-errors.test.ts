import 'reflect-metadata';
import { IsString } from 'class-validator';
import { createServer, Description, Inject, Sensitive, StartupError, Tool } from '../../src';

class Input {
  @IsString() text!: string;
}

const start = (tools: Function[]) =>
  createServer({ name: 't', version: '1', tools: tools as never, logging: { silent: true } });

async function startupError(tools: Function[]): Promise<string> {
  const error = await start(tools).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StartupError);
  return (error as Error).message;
}

describe('start-up refuses broken tool declarations, naming the class', () => {
  it('invalid tool name', async () => {
    @Tool({ name: 'has space', description: 'd', input: Input })
    class BadName {
      execute() {}
    }
    expect(await startupError([BadName])).toMatch(/^BadName: invalid tool name "has space"/);
  });

  it('duplicate tool name', async () => {
    @Tool({ name: 'same', description: 'd', input: Input })
    class First {
      execute() {}
    }
    @Tool({ name: 'same', description: 'd', input: Input })
    class Second {
      execute() {}
    }
    expect(await startupError([First, Second])).toBe(
      'Second: duplicate tool name "same" (already used by First)',
    );
  });

  it('missing execute', async () => {
    @Tool({ name: 'noexec', description: 'd', input: Input })
    class NoExecute {}
    expect(await startupError([NoExecute])).toMatch(/^NoExecute \(tool "noexec"\): missing execute/);
  });

  it('an input that is not a DTO class (a tool without arguments leaves input out)', async () => {
    @Tool({ name: 'badinput', description: 'd', input: 'Input' } as never)
    class BadInput {
      execute() {}
    }
    expect(await startupError([BadInput])).toMatch(
      /^BadInput \(tool "badinput"\): input must be a DTO class/,
    );
  });

  it('a DTO property without a class-validator rule', async () => {
    class Half {
      @IsString() ok!: string;
      @Description('forgotten rule') forgotten!: string;
      @Sensitive() alsoForgotten!: string;
      initialised = 3;
    }
    @Tool({ name: 'half', description: 'd', input: Half })
    class HalfTool {
      execute() {}
    }
    expect(await startupError([HalfTool])).toMatch(
      /^HalfTool \(tool "half"\): DTO Half property "alsoForgotten", "forgotten", "initialised" has no class-validator decorator/,
    );
  });

  it('an unresolvable dependency', async () => {
    class NeedsConfig {
      constructor(@Inject('Config') readonly config: unknown) {}
    }
    @Tool({ name: 'dep', description: 'd', input: Input })
    class DepTool {
      constructor(readonly service: NeedsConfig) {}
      execute() {}
    }
    expect(await startupError([DepTool])).toMatch(
      /^DepTool \(tool "dep"\): cannot resolve constructor parameter 0 \(NeedsConfig\)/,
    );
  });

  it('a dependency typed as an interface', async () => {
    interface Clock {
      now(): number;
    }
    @Tool({ name: 'iface', description: 'd', input: Input })
    class InterfaceTool {
      constructor(readonly clock: Clock) {}
      execute() {}
    }
    expect(await startupError([InterfaceTool])).toMatch(
      /parameter 0 has no injectable type; use a class type, or @Inject/,
    );
  });

  it('a class without @Tool in tools', async () => {
    class Plain {
      execute() {}
    }
    expect(await startupError([Plain])).toBe('Plain is listed in tools but has no @Tool decorator');
  });
});
