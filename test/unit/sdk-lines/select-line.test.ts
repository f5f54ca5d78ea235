import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartupError } from '../../../src/errors';
import { installedLines, selectLine, type SdkLineId } from '../../../src/server/sdk-lines/select-line';

/** A consumer project in a temp dir whose node_modules holds the given packages (entry point in dist/, like the real ones). */
function project(packages: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdk-line-'));
  for (const [name, version] of Object.entries(packages)) {
    const root = join(dir, 'node_modules', name);
    // The modules select-line resolves: 1.x `server/index.js` (no `.` export), 2.x its main entry.
    mkdirSync(join(root, 'dist'), { recursive: true });
    mkdirSync(join(root, 'server'), { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name, version, main: 'dist/index.js' }));
    writeFileSync(join(root, 'dist', 'index.js'), 'module.exports = {};\n');
    writeFileSync(join(root, 'server', 'index.js'), 'module.exports = {};\n');
  }
  return dir;
}

const pick = (packages: Record<string, string>, requested?: SdkLineId) =>
  selectLine(installedLines(project(packages)), requested);

const startupError = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    return (error as Error).message;
  }
  throw new Error('expected a StartupError');
};

describe('SDK line selection', () => {
  it('finds both lines installed in this repository, with their real versions', () => {
    const lines = installedLines(join(__dirname, '../../..'));
    expect(lines.map((l) => l.line)).toEqual(['2', '1']);
    expect(lines.find((l) => l.line === '1')!.version).toMatch(/^1\.\d+\.\d+/);
    expect(lines.find((l) => l.line === '2')!.version).toMatch(/^2\.\d+\.\d+/);
  });

  it('runs on the only line installed', () => {
    expect(pick({ '@modelcontextprotocol/sdk': '1.32.2' }).line).toBe('1');
    expect(
      pick({ '@modelcontextprotocol/server': '2.4.0', '@modelcontextprotocol/core': '2.4.0' }).line,
    ).toBe('2');
  });

  it('with both installed, takes the newer unless the sdk option asks for the other', () => {
    const both = { '@modelcontextprotocol/sdk': '1.32.2', '@modelcontextprotocol/server': '2.4.0' };
    expect(pick(both).line).toBe('2');
    expect(pick(both, '2').line).toBe('2');
    expect(pick(both, '1')).toEqual({ line: '1', package: '@modelcontextprotocol/sdk', version: '1.32.2' });
  });

  it('with neither installed, says how to install either, naming both packages', () => {
    const message = startupError(() => pick({}));
    expect(message).toContain('npm install @modelcontextprotocol/server');
    expect(message).toContain('npm install @modelcontextprotocol/sdk');
  });

  it('refuses an unsupported version, naming it and both supported ranges', () => {
    for (const [name, version] of [
      ['@modelcontextprotocol/sdk', '1.20.0'],
      ['@modelcontextprotocol/server', '2.3.9'],
      ['@modelcontextprotocol/server', '3.0.0'],
    ]) {
      const message = startupError(() => pick({ [name!]: version! }));
      expect(message).toContain(`${name}@${version} is not supported`);
      expect(message).toContain('@modelcontextprotocol/sdk >=1.32.0 <2');
      expect(message).toContain('@modelcontextprotocol/server >=2.4.0 <3');
    }
  });

  it('refuses an sdk option for a line that is not installed, or that is not a line', () => {
    expect(startupError(() => pick({ '@modelcontextprotocol/server': '2.4.0' }, '1'))).toContain(
      'asks for @modelcontextprotocol/sdk, which is not installed (found @modelcontextprotocol/server@2.4.0)',
    );
    expect(startupError(() => pick({ '@modelcontextprotocol/sdk': '1.32.2' }, '3' as SdkLineId))).toContain(
      "use '1' or '2'",
    );
  });
});
