import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsString } from 'class-validator';
import { StartupError, Tool } from '../../../src';
import { createTestClient } from '../../../src/testing';

class Input {
  @IsString() text!: string;
}

@Tool({ name: 'echo', description: 'Echoes', input: Input })
class EchoTool {
  execute(input: Input) {
    return input.text;
  }
}

/** A project folder whose `.env` holds `lines`; the server reads it like its other SECURE_MCP_* settings. */
async function lineChosenBy(lines: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sdk-line-env-'));
  writeFileSync(join(dir, '.env'), lines);
  const saved = process.env.SECURE_MCP_SDK_LINE;
  delete process.env.SECURE_MCP_SDK_LINE; // the CI run on line 1 sets it; here only the .env speaks
  try {
    const t = await createTestClient({ tools: [EchoTool], baseDir: dir, secrets: { envFile: '.env' } });
    try {
      expect(t.text(await t.callTool('echo', { text: 'hi' }))).toBe('hi');
      return t.server.sdk.line;
    } finally {
      await t.close();
    }
  } finally {
    if (saved !== undefined) process.env.SECURE_MCP_SDK_LINE = saved;
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SECURE_MCP_SDK_LINE in the project .env', () => {
  it.each([['1'], ['2']])(
    'SECURE_MCP_SDK_LINE=%s picks that line (both are installed here)',
    async (line) => {
      expect(await lineChosenBy(`SECURE_MCP_SDK_LINE=${line}\n`)).toBe(line);
    },
  );

  it('a value other than 1 or 2 stops start-up naming the setting', async () => {
    const error = await lineChosenBy('SECURE_MCP_SDK_LINE=3\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/SECURE_MCP_SDK_LINE must be 1 or 2/);
  });

  it('the environment wins over the .env, as for the other settings', async () => {
    const saved = process.env.SECURE_MCP_SDK_LINE;
    process.env.SECURE_MCP_SDK_LINE = '2';
    const dir = mkdtempSync(join(tmpdir(), 'sdk-line-env-'));
    writeFileSync(join(dir, '.env'), 'SECURE_MCP_SDK_LINE=1\n');
    try {
      const t = await createTestClient({ tools: [EchoTool], baseDir: dir, secrets: { envFile: '.env' } });
      expect(t.server.sdk.line).toBe('2');
      await t.close();
    } finally {
      if (saved === undefined) delete process.env.SECURE_MCP_SDK_LINE;
      else process.env.SECURE_MCP_SDK_LINE = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
