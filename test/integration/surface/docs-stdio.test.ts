import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const SERVER = join(__dirname, '../../../build/examples/docs/server.js');
const CANARY = 'canary-docs-stdio-token-not-real-4410';

describe('the docs example (resources and prompts) spawned over stdio', () => {
  const base = mkdtempSync(join(tmpdir(), 'docs-stdio-'));
  const root = join(base, 'docs');
  const state = join(base, 'state');
  let client: Client;
  let stderr = '';

  beforeAll(async () => {
    mkdirSync(root);
    writeFileSync(join(root, 'guide.md'), '# Guide');
    writeFileSync(join(base, 'secret.txt'), 'CANARY-OUTSIDE-ROOT-STDIO');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [SERVER],
      env: {
        ...(process.env as Record<string, string>),
        DOCS_ROOT: root,
        DOCS_API_TOKEN: CANARY,
        SECURE_MCP_STATE_DIR: state,
      },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'docs-stdio-test', version: '1' });
    await client.connect(transport);
  });
  afterAll(() => client.close());

  it('lists, reads, renders and completes', async () => {
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual([
      'docs://index',
      'docs://files/guide.md',
      'docs://status',
    ]);
    const doc = await client.readResource({ uri: 'docs://files/guide.md' });
    expect(doc.contents).toEqual([
      { uri: 'docs://files/guide.md', mimeType: 'text/markdown', text: '# Guide' },
    ]);
    const prompt = await client.getPrompt({ name: 'summarize', arguments: { topic: 'setup' } });
    expect(prompt.messages[0]!.content).toEqual({
      type: 'text',
      text: 'Write a short summary of setup using the documents.',
    });
    const completion = await client.complete({
      ref: { type: 'ref/resource', uri: 'docs://files/{+path}' },
      argument: { name: 'path', value: 'g' },
    });
    expect(completion.completion.values).toEqual(['guide.md']);
  });

  it.each(['..%2Fsecret.txt', '%2e%2e/secret.txt', '%252e%252e%252fsecret.txt'])(
    'refuses traversal in the template variable: %s',
    async (path) => {
      await expect(client.readResource({ uri: `docs://files/${path}` })).rejects.toMatchObject({
        code: -32602,
      });
    },
  );

  it('a subscribed client hears about a changed file, and reads the new text', async () => {
    const updated: string[] = [];
    let heard: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (heard = resolve));
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => {
      updated.push(n.params.uri);
      if (n.params.uri === 'docs://files/guide.md') heard();
    });
    await client.subscribeResource({ uri: 'docs://files/guide.md' });
    writeFileSync(join(root, 'guide.md'), '# Guide, second edition');
    await arrived;
    expect(updated).not.toContain('docs://index'); // not subscribed to it
    const doc = await client.readResource({ uri: 'docs://files/guide.md' });
    expect((doc.contents[0] as { text: string }).text).toBe('# Guide, second edition');
    await client.unsubscribeResource({ uri: 'docs://files/guide.md' });
  });

  it('scrubs the secret and audits every read and render', async () => {
    const status = await client.readResource({ uri: 'docs://status' });
    expect(JSON.stringify(status)).not.toContain(CANARY);
    const records = readFileSync(join(state, 'audit', 'docs.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toContainEqual(
      expect.objectContaining({
        kind: 'resource',
        tool: 'doc',
        uri: 'docs://files/guide.md',
        outcome: 'success',
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'prompt', tool: 'summarize', outcome: 'success' }),
    );
    expect(records.filter((r) => r.outcome === 'denied' && r.reason === 'validation')).toHaveLength(3);
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'resource', tool: 'status', outcome: 'success' }),
    );
    expect(JSON.stringify(records) + stderr).not.toContain(CANARY);
    expect(JSON.stringify(records)).not.toContain('CANARY-OUTSIDE-ROOT');
  });
});
