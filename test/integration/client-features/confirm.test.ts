import 'reflect-metadata';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  Audit,
  Confirm,
  SafeFs,
  Sensitive,
  StartupError,
  Tool,
  createServer,
  type ToolContext,
} from 'secure-mcp';
import { createTestClient, type ElicitationRequest } from 'secure-mcp/testing';

class WriteInput {
  @IsString() @Matches(/^[a-z0-9_.-]{1,40}$/) name!: string;
  @IsString() @MaxLength(1000) content!: string;
  @Sensitive() @IsString() @MaxLength(100) approvalToken!: string;
}

@Tool({ name: 'write_note', description: 'writes a note file', input: WriteInput })
@Confirm('Write {content} to {name}?')
@Audit()
class WriteNote {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: WriteInput) {
    await this.fs.writeText(input.name, input.content);
    return `wrote ${input.name}`;
  }
}

@Tool({ name: 'write_lenient', description: 'writes unless the human says no', input: WriteInput })
@Confirm('Write {name}?', { ifUnsupported: 'allow' })
@Audit()
class WriteLenient {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: WriteInput) {
    await this.fs.writeText(input.name, input.content);
    return `wrote ${input.name}`;
  }
}

@Tool({ name: 'write_quick', description: 'short confirmation window', input: WriteInput })
@Confirm('Write {name}?', { timeoutMs: 100 })
class WriteQuick {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: WriteInput, _ctx: ToolContext) {
    await this.fs.writeText(input.name, input.content);
    return 'wrote';
  }
}

const TOKEN = 'canary-approval-token-0042';
const args = (name: string) => ({ name, content: 'hello\nworld', approvalToken: TOKEN });
const records = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('@Confirm', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'confirm-'))));

  it('runs the tool only after the human says yes, showing the validated arguments', async () => {
    const seen: ElicitationRequest[] = [];
    const t = await createTestClient({
      tools: [WriteNote],
      roots: [root],
      onElicit: (request) => {
        seen.push(request);
        return { action: 'accept', content: { confirm: true } };
      },
    });
    const result = await t.callTool('write_note', args('a.txt'));
    expect(t.text(result)).toBe('wrote a.txt');
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('hello\nworld');
    // Control characters of a quoted value are flattened: it cannot add lines to the question.
    expect(seen[0].message).toBe('Write hello world to a.txt?');
    expect(seen[0].requestedSchema).toEqual({
      type: 'object',
      properties: {
        confirm: {
          type: 'boolean',
          title: 'Confirm',
          description: 'Allow this action to run',
          default: false,
        },
      },
      required: ['confirm'],
    });
    const [elicitation, call] = records(t.auditFile);
    expect(elicitation).toMatchObject({ request: 'elicitation/create', reason: 'accept' });
    expect(call).toMatchObject({ tool: 'write_note', outcome: 'success' });
    expect(elicitation.parentAuditId).toBe(call.auditId);
    expect(readFileSync(t.auditFile, 'utf8')).not.toContain(TOKEN);
    await t.close();
  });

  it.each([
    ['decline', { action: 'decline' as const }, 'the user chose decline'],
    ['cancel', { action: 'cancel' as const }, 'the user chose cancel'],
    [
      'accept without yes',
      { action: 'accept' as const, content: { confirm: false } },
      'the user did not confirm it',
    ],
  ])('refuses on %s and leaves no side effect', async (_name, answer, why) => {
    const t = await createTestClient({ tools: [WriteNote], roots: [root], onElicit: () => answer });
    const result = await t.callTool('write_note', args('b.txt'));
    expect(result.isError).toBe(true);
    expect(t.text(result)).toBe(`write_note was not run: ${why}`);
    expect(existsSync(join(root, 'b.txt'))).toBe(false);
    expect(records(t.auditFile).at(-1)).toMatchObject({
      tool: 'write_note',
      outcome: 'denied',
      reason: 'not confirmed',
    });
    await t.close();
  });

  it('refuses by default: the test client declines', async () => {
    const t = await createTestClient({ tools: [WriteNote], roots: [root] });
    expect((await t.callTool('write_note', args('c.txt'))).isError).toBe(true);
    expect(existsSync(join(root, 'c.txt'))).toBe(false);
    await t.close();
  });

  it('refuses when the human does not answer in time', async () => {
    const t = await createTestClient({
      tools: [WriteQuick],
      roots: [root],
      onElicit: () => new Promise(() => {}),
    });
    const result = await t.callTool('write_quick', args('d.txt'));
    expect(t.text(result)).toMatch(/write_quick was not run: no confirmation \(the client did not answer/);
    expect(existsSync(join(root, 'd.txt'))).toBe(false);
    expect(records(t.auditFile).map((r) => [r.request, r.outcome, r.reason])).toEqual([
      ['elicitation/create', 'failure', 'timeout'],
      [undefined, 'denied', 'not confirmed'],
    ]);
    await t.close();
  });

  it('refuses a client without elicitation, unless the tool allows it', async () => {
    const t = await createTestClient({ tools: [WriteNote, WriteLenient], roots: [root], onElicit: false });
    const refused = await t.callTool('write_note', args('e.txt'));
    expect(t.text(refused)).toMatch(/must be confirmed by the user, and this client cannot ask/);
    expect(existsSync(join(root, 'e.txt'))).toBe(false);
    expect(t.text(await t.callTool('write_lenient', args('f.txt')))).toBe('wrote f.txt');
    expect(existsSync(join(root, 'f.txt'))).toBe(true);
    expect(records(t.auditFile).map((r) => [r.tool, r.outcome, r.reason])).toEqual([
      ['write_note', 'denied', 'client cannot confirm'],
      ['write_lenient', 'success', 'confirm-skipped'],
    ]);
    await t.close();
  });

  it('stops start-up when the message quotes a @Sensitive or unknown field', async () => {
    @Tool({ name: 'leaky', description: 'd', input: WriteInput })
    @Confirm('Use token {approvalToken}?')
    class Leaky {
      execute() {}
    }
    @Tool({ name: 'typo', description: 'd', input: WriteInput })
    @Confirm('Write {nmae}?')
    class Typo {
      execute() {}
    }
    const base = {
      name: 's',
      version: '1',
      logging: { silent: true },
      usage: false as const,
      policy: false as const,
    };
    await expect(createServer({ ...base, tools: [Leaky] })).rejects.toThrow(StartupError);
    await expect(createServer({ ...base, tools: [Leaky] })).rejects.toThrow(
      /Leaky \(tool "leaky"\): @Confirm message quotes \{approvalToken\}, a @Sensitive field/,
    );
    await expect(createServer({ ...base, tools: [Typo] })).rejects.toThrow(
      /quotes \{nmae\}, which is not an input field/,
    );
  });
});

describe('@Confirm with a client that supports URL elicitation only', () => {
  it('refuses: a URL-only client cannot show the yes/no form', async () => {
    const root = mkdtempSync(join(tmpdir(), 'confirm-url-'));
    const server = await createServer({
      name: 'url-only',
      version: '1',
      tools: [WriteNote],
      roots: [root],
      logging: { silent: true },
      usage: false,
      policy: false,
      secrets: { envFile: false, keychain: false },
      audit: { file: join(root, '..', `${root.split('/').pop()}.jsonl`) },
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client(
      { name: 'url-only', version: '1' },
      { capabilities: { elicitation: { url: {} } } },
    );
    await server.connect(serverSide);
    await client.connect(clientSide);
    const result = await client.callTool({ name: 'write_note', arguments: args('u.txt') });
    expect((result.content as Array<{ text: string }>)[0].text).toMatch(/this client cannot ask/);
    expect(existsSync(join(root, 'u.txt'))).toBe(false);
    await client.close();
    await server.close();
  });
});
