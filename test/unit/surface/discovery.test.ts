import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prompt, Resource, Tool } from '../../../src';
import { discover } from '../../../src/container/discovery';

class NoInput {}

@Tool({ name: 'disc_tool', description: 'd', input: NoInput })
class DiscTool {
  execute() {
    return '';
  }
}

@Resource({ uri: 'disc://r', name: 'disc_resource' })
class DiscResource {
  read() {
    return '';
  }
}

@Prompt({ name: 'disc_prompt' })
class DiscPrompt {
  render() {
    return '';
  }
}

describe('discovery of resources and prompts', () => {
  it('listing any kind is explicit: only the listed classes are served', async () => {
    expect(await discover({ tools: [DiscTool] })).toEqual({ tools: [DiscTool], resources: [], prompts: [] });
    expect(await discover({ resources: [DiscResource], prompts: [DiscPrompt] })).toEqual({
      tools: [],
      resources: [DiscResource],
      prompts: [DiscPrompt],
    });
  });

  it("with discover: 'imported', serves every decorated class imported so far, by kind", async () => {
    const found = await discover({ discover: 'imported' });
    expect(found.tools).toContain(DiscTool);
    expect(found.resources).toContain(DiscResource);
    expect(found.prompts).toContain(DiscPrompt);
    expect(found.tools).not.toContain(DiscResource);
  });

  it('refuses a class listed under the wrong kind, naming the decorator it lacks', async () => {
    await expect(discover({ resources: [DiscTool] })).rejects.toThrow(
      'DiscTool is listed in resources but has no @Resource decorator',
    );
    await expect(discover({ prompts: [DiscResource] })).rejects.toThrow(/no @Prompt decorator/);
  });

  it('toolsDir serves the resources and prompts its modules export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disc-dir-'));
    const src = require.resolve('../../../src');
    writeFileSync(
      join(dir, 'caps.js'),
      `const s = require(${JSON.stringify(src)});
class R { read() { return 'r'; } }
s.Resource({ uri: 'dir://r', name: 'dir_r' })(R);
class P { render() { return 'p'; } }
s.Prompt({ name: 'dir_p' })(P);
module.exports = { R, P };`,
    );
    const found = await discover({ toolsDir: dir });
    expect(found.tools).toEqual([]);
    expect(found.resources.map((c) => c.name)).toEqual(['R']);
    expect(found.prompts.map((c) => c.name)).toEqual(['P']);
  });
});
