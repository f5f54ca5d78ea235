import 'reflect-metadata';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsString, Matches } from 'class-validator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Audit, Confirm, createServer, SafeFs, Tool, type ToolContext } from '../../../src';

class WriteInput {
  @IsString() @Matches(/^[a-z]{1,20}\.txt$/) name!: string;
}

@Tool({ name: 'write_marker', description: 'writes a marker file after approval', input: WriteInput })
@Confirm('Create {name}?')
@Audit()
class WriteMarker {
  constructor(private readonly fs: SafeFs) {}
  async execute(input: WriteInput, ctx: ToolContext) {
    await ctx.log.info(`writing ${input.name}`);
    await this.fs.writeText(input.name, 'marker');
    return 'written';
  }
}

describe('client features over Streamable HTTP', () => {
  it('asks for confirmation and sends log messages on the call stream, per session', async () => {
    const root = mkdtempSync(join(tmpdir(), 'http-confirm-'));
    const auditFile = join(root, '..', `${root.split('/').pop()}-audit.jsonl`);
    const server = await createServer({
      name: 'http-client-features',
      version: '0.0.0',
      tools: [WriteMarker],
      roots: [root],
      usage: false,
      policy: false,
      logging: { silent: true },
      secrets: { envFile: false, keychain: false },
      audit: { file: auditFile },
    });
    const listener = await server.listenHttp({ port: 0, auth: false });
    const connect = async (answer: 'accept' | 'decline') => {
      const client = new Client({ name: 'http-client', version: '1' }, { capabilities: { elicitation: {} } });
      client.setRequestHandler(ElicitRequestSchema, async () =>
        answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' },
      );
      const logs: unknown[] = [];
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params));
      await client.connect(new StreamableHTTPClientTransport(new URL(listener.url)));
      return { client, logs };
    };
    try {
      const no = await connect('decline');
      const yes = await connect('accept');
      await yes.client.setLoggingLevel('info');
      const refused = await no.client.callTool({ name: 'write_marker', arguments: { name: 'a.txt' } });
      expect(refused.isError).toBe(true);
      expect(existsSync(join(root, 'a.txt'))).toBe(false);
      const done = await yes.client.callTool({ name: 'write_marker', arguments: { name: 'b.txt' } });
      expect(done.isError).toBeFalsy();
      expect(readFileSync(join(root, 'b.txt'), 'utf8')).toBe('marker');
      expect(yes.logs).toEqual([{ level: 'info', logger: 'write_marker', data: 'writing b.txt' }]);
      expect(no.logs).toEqual([]);
      await no.client.close();
      await yes.client.close();
    } finally {
      await server.close();
    }
    const records = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => [r.request ?? 'tools/call', r.outcome, r.reason])).toEqual([
      ['elicitation/create', 'success', 'decline'],
      ['tools/call', 'denied', 'not confirmed'],
      ['elicitation/create', 'success', 'accept'],
      ['tools/call', 'success', undefined],
    ]);
  });
});
