import 'reflect-metadata';
import { join } from 'node:path';
import { IsString } from 'class-validator';
import { Tool } from '../../src';
import { registeredToolClasses } from '../../src/governance';
import { StartupError } from '../../src';
import { discover } from '../../src/container/discovery';
import { createTestClient } from '../../src/testing';

class GammaInput {
  @IsString() text!: string;
}

@Tool({ name: 'gamma', description: 'Imported, never listed', input: GammaInput })
class GammaTool {
  execute() {
    return 'gamma';
  }
}

describe('tool discovery', () => {
  it('toolsDir loads every module and serves every exported @Tool class', async () => {
    const t = await createTestClient({ toolsDir: join(__dirname, '../fixtures/tools-dir') });
    expect((await t.listTools()).tools.map((x) => x.name).sort()).toEqual(['alpha', 'beta']);
    expect(t.text(await t.callTool('alpha', { text: 'x' }))).toBe('alpha:x');
    await t.close();
  });

  it('without tools or toolsDir, stops start-up and says how to choose (nothing imported is served)', async () => {
    const refused = createTestClient({});
    await expect(refused).rejects.toThrow(StartupError);
    await expect(refused).rejects.toThrow(
      "createServer needs to know what to serve: list the classes in `tools` (and `resources`, `prompts`), set `toolsDir`, or set `discover: 'imported'`",
    );
  });

  it("discover: 'imported' serves every @Tool class imported so far", async () => {
    const { tools } = await discover({ discover: 'imported' });
    expect(tools).toContain(GammaTool);
    expect(tools).toEqual(registeredToolClasses());
    const t = await createTestClient({ discover: 'imported' });
    expect((await t.listTools()).tools.map((x) => x.name)).toContain('gamma');
    await t.close();
  });

  it('explicit tools win and are de-duplicated', async () => {
    expect((await discover({ tools: [GammaTool, GammaTool] })).tools).toEqual([GammaTool]);
  });

  it('a toolsDir that cannot be read stops start-up', async () => {
    await expect(discover({ toolsDir: join(__dirname, 'no-such-dir') })).rejects.toThrow(
      /toolsDir .* cannot be read/,
    );
  });
});
