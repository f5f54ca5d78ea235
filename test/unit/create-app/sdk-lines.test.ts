import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error -- plain ESM JavaScript (checked with // @ts-check), transformed by jest
import { ALL_SDK_PACKAGES, SDK_LINES, sdkValues, withSdkLine } from '../../../create-app/lib/sdk-lines.mjs';

type Deps = Record<string, string>;
const root = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as Record<
  string,
  Deps | undefined
>;

describe('the MCP SDK lines of generated projects', () => {
  it('ask for the SDK versions secure-mcp itself declares and is tested with', () => {
    for (const line of Object.values(SDK_LINES) as Array<{ dependencies: Deps; devDependencies: Deps }>) {
      for (const [name, range] of Object.entries({ ...line.dependencies, ...line.devDependencies })) {
        const declared =
          root.peerDependencies?.[name] ?? root.dependencies?.[name] ?? root.devDependencies?.[name];
        expect({ name, range }).toEqual({ name, range: declared });
      }
    }
  });

  it.each(['1', '2'])('line %s: package.json lists that line only, sorted', (line) => {
    const template = {
      dependencies: { 'secure-mcp': '^0.1.0', '@modelcontextprotocol/sdk': '^1.0.0', zod: '^4.0.0' },
      devDependencies: { jest: '^30.0.0', '@modelcontextprotocol/client': '^2.0.0' },
    };
    const pkg = withSdkLine(template, line) as { dependencies: Deps; devDependencies: Deps };
    const listed = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((n) =>
      (ALL_SDK_PACKAGES as string[]).includes(n),
    );
    const own = SDK_LINES[line] as { dependencies: Deps; devDependencies: Deps };
    expect(listed.sort()).toEqual(
      [...Object.keys(own.dependencies), ...Object.keys(own.devDependencies)].sort(),
    );
    expect(pkg.dependencies).toMatchObject(own.dependencies);
    expect(pkg.devDependencies).toMatchObject(own.devDependencies);
    // The template's other dependencies are kept, and npm's order is kept too.
    expect(pkg.dependencies).toMatchObject({ 'secure-mcp': '^0.1.0', zod: '^4.0.0' });
    for (const deps of [pkg.dependencies, pkg.devDependencies])
      expect(Object.keys(deps)).toEqual(Object.keys(deps).sort());
  });

  it('tells how to switch to the other line, with that line’s packages', () => {
    expect(sdkValues('2')).toMatchObject({
      SDK_LINE: '2',
      SDK_OTHER_LINE: '1',
      SDK_SWITCH: expect.stringMatching(
        /uninstall @modelcontextprotocol\/server[\s\S]*install @modelcontextprotocol\/sdk@/,
      ),
    });
    expect(sdkValues('1').SDK_SWITCH).toMatch(
      /uninstall @modelcontextprotocol\/sdk\n.*install @modelcontextprotocol\/server@.*\n.*-D @modelcontextprotocol\/client@/,
    );
  });
});
