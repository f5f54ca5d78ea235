import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

// Built by `npm run build` (tsconfig.examples.json).
const BUILD = join(__dirname, '../../../build');
const CANARY = 'canary-stdio-clientfeat-9931-not-real';
const SENSITIVE = 'canary-sensitive-key-7713';

interface Spawned {
  client: Client;
  stderr: () => string;
  elicitations: any[];
  samples: any[];
  logs: any[];
}

async function spawn(
  script: string,
  env: Record<string, string>,
  behaviour: { elicit?: (params: any) => any; roots?: string[] } = {},
): Promise<Spawned> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(BUILD, script)],
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const capabilities: Record<string, object> = { sampling: {} };
  if (behaviour.elicit) capabilities.elicitation = {};
  if (behaviour.roots) capabilities.roots = { listChanged: true };
  const client = new Client({ name: 'stdio-client-features', version: '1' }, { capabilities });
  const spawned: Spawned = { client, stderr: () => stderr, elicitations: [], samples: [], logs: [] };
  if (behaviour.elicit) {
    const elicit = behaviour.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      spawned.elicitations.push(request.params);
      return elicit(request.params);
    });
  }
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    spawned.samples.push(request.params);
    return { role: 'assistant', content: { type: 'text', text: 'a summary' }, model: 'fake-model' };
  });
  let roots = behaviour.roots ?? [];
  if (behaviour.roots) {
    client.setRequestHandler(ListRootsRequestSchema, async () => ({
      roots: roots.map((r) => ({ uri: pathToFileURL(r).href })),
    }));
  }
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void spawned.logs.push(n.params));
  await client.connect(transport);
  (spawned as any).setRoots = async (next: string[]) => {
    roots = next;
    await client.sendRootsListChanged();
  };
  return spawned;
}

const text = (r: any) => (r.content as Array<{ text: string }>)[0]?.text ?? '';

describe('client features over stdio (spawned built servers)', () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'stdio-client-features-')));
  const data = join(base, 'data');
  const state = join(base, 'state');
  beforeAll(() => {
    mkdirSync(join(data, 'team'), { recursive: true });
    mkdirSync(join(data, 'private'), { recursive: true });
    writeFileSync(join(data, 'team', 'plan.txt'), 'the plan');
    writeFileSync(join(data, 'private', 'salary.txt'), 'not for this client');
  });

  it('examples/approvals: a declined @Confirm writes nothing; an approved one writes; roots narrow reads', async () => {
    let approve = false;
    const s = await spawn(
      'examples/approvals/server.js',
      { FILES_ROOT: data, SECURE_MCP_STATE_DIR: state },
      {
        elicit: () => (approve ? { action: 'accept', content: { confirm: true } } : { action: 'decline' }),
        roots: [join(data, 'team')],
      },
    );
    await s.client.setLoggingLevel('info');

    const declined = await s.client.callTool({
      name: 'write_file',
      arguments: { path: 'team/new.txt', content: 'x' },
    });
    expect(declined.isError).toBe(true);
    expect(text(declined)).toBe('write_file was not run: the user chose decline');
    expect(existsSync(join(data, 'team', 'new.txt'))).toBe(false);
    expect(s.elicitations[0].message).toBe('Write team/new.txt? It will be created or replaced.');

    approve = true;
    const approved = await s.client.callTool({
      name: 'write_file',
      arguments: { path: 'team/new.txt', content: 'x' },
    });
    expect(text(approved)).toBe('wrote 1 characters');
    expect(readFileSync(join(data, 'team', 'new.txt'), 'utf8')).toBe('x');

    expect(text(await s.client.callTool({ name: 'read_file', arguments: { path: 'team/plan.txt' } }))).toBe(
      'the plan',
    );
    const outside = await s.client.callTool({ name: 'read_file', arguments: { path: 'private/salary.txt' } });
    expect(outside.isError).toBe(true);
    expect(text(outside)).not.toContain('not for this client');

    // The client widens its roots: the next call sees them.
    await (s as any).setRoots([data]);
    expect(
      text(await s.client.callTool({ name: 'read_file', arguments: { path: 'private/salary.txt' } })),
    ).toBe('not for this client');
    expect(s.logs.map((l) => l.level)).toEqual(['notice', 'info', 'info']);
    expect(s.logs[1]).toEqual({
      level: 'info',
      logger: 'read_file',
      data: { message: 'read team/plan.txt', data: { characters: 8 } },
    });

    // Audit: the write's elicitation records are linked to the write's call records.
    const audit = readFileSync(join(state, 'audit', 'approvals.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const writes = audit.filter((r) => r.tool === 'write_file' && !r.request);
    const asks = audit.filter((r) => r.request === 'elicitation/create');
    expect(writes.map((r) => [r.outcome, r.reason])).toEqual([
      ['denied', 'not confirmed'],
      ['success', undefined],
    ]);
    expect(asks.map((r) => r.parentAuditId)).toEqual(writes.map((r) => r.auditId));
    expect(audit.filter((r) => r.request === 'roots/list')).toHaveLength(2);
    await s.client.close();
  });

  it('no canary secret or @Sensitive value reaches log notifications, elicitation, sampling, audit or stderr', async () => {
    const auditFile = join(base, 'fixture-audit.jsonl');
    const s = await spawn(
      'test/fixtures/servers/client-features-server.js',
      { LEAK_TOKEN: CANARY, AUDIT_FILE: auditFile, SECURE_MCP_STATE_DIR: state },
      { elicit: () => ({ action: 'accept', content: { reply: 'fine' } }) },
    );
    await s.client.setLoggingLevel('debug');
    const result = await s.client.callTool({
      name: 'careless',
      arguments: { topic: 'q3', accountKey: SENSITIVE },
    });
    expect(result.structuredContent).toEqual({ answer: 'fine', sample: 'a summary' });
    expect(s.logs).toHaveLength(1);
    expect(s.elicitations).toHaveLength(1);
    expect(s.samples).toHaveLength(1);
    expect(s.elicitations[0].message).toBe('Reply to q3 (token [REDACTED], key [REDACTED])');
    expect(s.samples[0].systemPrompt).toBe('you hold [REDACTED]');
    await s.client.close();
    const everything = [
      JSON.stringify([s.logs, s.elicitations, s.samples, result]),
      readFileSync(auditFile, 'utf8'),
      s.stderr(),
    ].join('\n');
    expect(s.stderr()).toContain('calling with [REDACTED] for [REDACTED]'); // the server log got it, cleaned
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain(SENSITIVE);
    const audit = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.map((r) => r.request ?? 'tools/call')).toEqual([
      'elicitation/create',
      'sampling/createMessage',
      'tools/call',
    ]);
    expect(new Set(audit.slice(0, 2).map((r) => r.parentAuditId))).toEqual(new Set([audit[2].auditId]));
  });
});
