import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditLog } from 'secure-mcp/governance';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/** Spawns the notes server over stdio and drives it with the SDK client, printing a short transcript. */
async function main() {
  const serverScript = join(__dirname, 'notes', 'server.js');
  const stateDir = mkdtempSync(join(tmpdir(), 'secure-mcp-demo-'));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [serverScript],
    env: { ...(process.env as Record<string, string>), SECURE_MCP_STATE_DIR: stateDir },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'secure-mcp-demo', version: '1.0.0' });
  await client.connect(transport);
  const say = (line = '') => console.log(line);
  const show = (result: Awaited<ReturnType<Client['callTool']>>) => {
    const text = (result.content as Array<{ type: string; text?: string }>).map((c) => c.text).join('\n');
    return `${result.isError ? 'ERROR ' : ''}${text}`;
  };

  say(`connected to ${client.getServerVersion()?.name} over stdio (spawned: node ${serverScript})`);
  say();
  say('tools/list');
  for (const tool of (await client.listTools()).tools) {
    say(
      `  ${tool.name.padEnd(13)} ${tool.annotations?.readOnlyHint ? 'read-only' : 'writes   '}  ${tool.description}`,
    );
  }
  const calls: Array<[string, Record<string, unknown>]> = [
    ['search_notes', { query: 'milk' }],
    ['read_note', { id: 1 }],
    ['add_note', { title: 'Demo', body: 'Written by the demo', tags: ['demo'] }],
    ['add_note', { title: 'Again', body: 'A second note' }],
    ['add_note', { title: 'Too many', body: 'A third note within a minute' }],
    ['read_note', { id: '1; DROP TABLE notes' }],
    ['search_notes', { query: 'x', tag: '../../etc', admin: true }],
    ['read_note', { id: 999 }],
  ];
  for (const [name, args] of calls) {
    say();
    say(`tools/call ${name} ${JSON.stringify(args)}`);
    say(`  → ${show(await client.callTool({ name, arguments: args }))}`);
  }
  await client.close();

  const auditFile = join(stateDir, 'audit', 'notes.jsonl');
  const records = readFileSync(auditFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const chain = await verifyAuditLog(auditFile);
  say();
  say(`audit log ${auditFile}: ${records.length} records, hash chain ${chain.ok ? 'intact' : 'BROKEN'}`);
  for (const r of records) {
    say(
      `  ${r.tool.padEnd(12)} ${r.outcome.padEnd(8)} ${(r.reason ?? '').padEnd(11)} args=${JSON.stringify(r.args)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
