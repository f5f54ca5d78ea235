import 'reflect-metadata';
import { join } from 'node:path';
import { IsString } from 'class-validator';
import { registeredToolClasses, Tool } from '../../src';
import { discoverTools } from '../../src/container/discovery';
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

  it('without tools or toolsDir, serves every @Tool class imported so far', async () => {
    const classes = await discoverTools({});
    expect(classes).toContain(GammaTool);
    expect(classes).toEqual(registeredToolClasses());
  });

  it('explicit tools win and are de-duplicated', async () => {
    expect(await discoverTools({ tools: [GammaTool, GammaTool] })).toEqual([GammaTool]);
  });

  it('a toolsDir that cannot be read stops start-up', async () => {
    await expect(discoverTools({ toolsDir: join(__dirname, 'no-such-dir') })).rejects.toThrow(
      /toolsDir .* cannot be read/,
    );
  });
});
