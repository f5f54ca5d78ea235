import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { IsString } from 'class-validator';
import { Audit, Tool } from '../../src';
import { createTestClient } from '../../src/testing';

class Input {
  @IsString() name!: string;
}

/** Answers with two text blocks and an image. */
@Tool({ name: 'two_blocks', description: 'Two text blocks and an image', input: Input })
@Audit()
class TwoBlocksTool {
  execute(input: Input) {
    return {
      content: [
        { type: 'text', text: `hello ${input.name}` },
        { type: 'image', data: Buffer.from('png').toString('base64'), mimeType: 'image/png' },
        { type: 'text', text: 'second block' },
      ],
    };
  }
}

describe('secure-mcp/testing createTestClient', () => {
  it('removes the temp folder of its audit log on close()', async () => {
    const t = await createTestClient({ tools: [TwoBlocksTool] });
    const folder = dirname(t.auditFile);
    await t.callTool('two_blocks', { name: 'ann' });
    expect(existsSync(folder)).toBe(true);
    await t.close();
    expect(existsSync(folder)).toBe(false);
  });

  it('offers auditRecords() and reads every content block', async () => {
    const t = await createTestClient({ tools: [TwoBlocksTool] });
    const result = await t.callTool('two_blocks', { name: 'ann' });
    expect(t.text(result)).toBe('hello ann\nsecond block');
    expect(t.blocks(result).map((b) => b.type)).toEqual(['text', 'image', 'text']);
    await t.callTool('two_blocks', { name: 7 });
    expect(t.auditRecords().map((r) => [r.tool, r.outcome])).toEqual([
      ['two_blocks', 'success'],
      ['two_blocks', 'denied'], // invalid arguments never run the tool
    ]);
    await t.close();
  });
});
