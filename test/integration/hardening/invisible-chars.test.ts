import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IsOptional, IsString } from 'class-validator';
import { IsSafeArg, IsSafePath, NoControlChars, ReadOnly, SafeFs, Tool } from '../../../src';
import { createTestClient, type TestClient } from '../../../src/testing';

// Issue 11, item 10: U+0085 (NEXT LINE), zero-width characters and the BOM passed the argument validators and
// SafeFs's path check. They break lines in logs or make a value read as another; the guards now refuse them.

class Input {
  @IsOptional() @NoControlChars() note?: string;
  @IsOptional() @IsSafeArg() arg?: string;
  @IsOptional() @IsSafePath() path?: string;
}

@Tool({ name: 'check', description: 'Accepts checked text', input: Input })
@ReadOnly()
class CheckTool {
  execute() {
    return 'accepted';
  }
}

class ReadInput {
  @IsString() file!: string; // deliberately no @IsSafePath: SafeFs must refuse by itself
}

@Tool({ name: 'read', description: 'Reads a file', input: ReadInput })
@ReadOnly()
class ReadTool {
  constructor(private readonly fs: SafeFs) {}
  execute(input: ReadInput) {
    return this.fs.readText(input.file);
  }
}

const HIDDEN: Array<[string, string]> = [
  ['U+0085 next line', 'a\u0085b'],
  ['U+2028 line separator', 'a\u2028b'],
  ['U+200B zero-width space', 'a\u200bb'],
  ['U+2060 word joiner', 'a\u2060b'],
  ['U+FEFF BOM', '\ufeffab'],
  ['tag characters (hidden ASCII)', 'ab\u{e0041}\u{e0042}'],
  ['U+202E right-to-left override', 'a\u202eb'],
];
const LEGIT = ['plain', 'שלום\u200f', '🏳️\u200d🌈', 'e\u0301', 'نامه\u200cها'];

describe('control, line-separator and invisible characters in arguments (issue 11, item 10)', () => {
  let t: TestClient;
  let root: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'invisible-'));
    for (const [, value] of HIDDEN) fs.writeFileSync(path.join(root, value), 'planted');
    t = await createTestClient({ tools: [CheckTool, ReadTool], roots: [root] });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it.each(HIDDEN)('%s is refused by @NoControlChars, @IsSafeArg and @IsSafePath', async (_name, value) => {
    for (const field of ['note', 'arg', 'path']) {
      const result = await t.callTool('check', { [field]: value });
      expect(result.isError).toBe(true);
      expect(t.text(result)).toMatch(new RegExp(`^Invalid arguments for tool check: ${field}: `));
      expect(t.text(result)).not.toContain(value);
    }
  });

  it.each(HIDDEN.filter(([name]) => !name.includes('override')))(
    '%s in a path is refused by SafeFs itself (through a tool), even when such a file exists',
    async (_name, value) => {
      const result = await t.callTool('read', { file: value });
      expect(result.isError).toBe(true);
      expect(t.text(result)).toMatch(/^path contains characters that are not allowed/);
      await expect(new SafeFs({ roots: [root] }).exists(value)).rejects.toThrow(/not allowed/);
    },
  );

  it.each(LEGIT)('%j (RTL marks, emoji ZWJ sequences, combining marks, ZWNJ) is accepted', async (value) => {
    const result = await t.callTool('check', { note: value, arg: value, path: value });
    expect(t.text(result)).toBe('accepted');
  });
});
