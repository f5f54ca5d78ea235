import { IsString } from 'class-validator';
import { ReadOnly, StartupError, Tool } from '../../../src';
import { readOnlyFromEnv } from '../../../src/server/setup/read-only-env';
import { createTestClient } from '../../../src/testing';

// Issue 11, item 10: `SECURE_MCP_READ_ONLY=true` (or yes) used to be ignored silently: only "1" counted.

class TextInput {
  @IsString() text!: string;
}

@Tool({ name: 'save', description: 'Writes', input: TextInput })
class SaveTool {
  execute() {
    return 'saved';
  }
}

@Tool({ name: 'read', description: 'Reads', input: TextInput })
@ReadOnly()
class ReadTool {
  execute() {
    return 'read';
  }
}

async function served(value: string): Promise<{ listed: string[]; save: string }> {
  process.env.SECURE_MCP_READ_ONLY = value;
  try {
    const t = await createTestClient({ tools: [SaveTool, ReadTool] });
    try {
      const listed = (await t.listTools()).tools.map((x) => x.name);
      return { listed, save: t.text(await t.callTool('save', { text: 'x' })) };
    } finally {
      await t.close();
    }
  } finally {
    delete process.env.SECURE_MCP_READ_ONLY;
  }
}

describe('SECURE_MCP_READ_ONLY spellings (issue 11, item 10)', () => {
  it.each(['1', 'true', 'TRUE', 'yes', 'Yes', 'on', ' on '])('%j turns read-only mode on', async (value) => {
    const { listed, save } = await served(value);
    expect(listed).toEqual(['read']);
    expect(save).toMatch(/read-only mode/);
  });

  it.each(['0', 'false', 'No', 'off', ''])('%j leaves it off', async (value) => {
    const { listed, save } = await served(value);
    expect(listed).toEqual(['save', 'read']);
    expect(save).toBe('saved');
  });

  it.each(['enabled', 'ture', '2', 'y'])(
    '%j stops start-up, naming the variable and the accepted values',
    async (value) => {
      process.env.SECURE_MCP_READ_ONLY = value;
      try {
        const error = await createTestClient({ tools: [SaveTool, ReadTool] }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(StartupError);
        expect((error as Error).message).toMatch(
          /^SECURE_MCP_READ_ONLY .*1, true, yes or on.*0, false, no, off or empty/,
        );
      } finally {
        delete process.env.SECURE_MCP_READ_ONLY;
      }
    },
  );

  it('unset means off', () => {
    expect(readOnlyFromEnv({})).toBe(false);
  });
});
