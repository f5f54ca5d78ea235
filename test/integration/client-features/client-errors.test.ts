import 'reflect-metadata';
import { IsString, MaxLength } from 'class-validator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Tool, type ToolContext } from 'secure-mcp';
import { createTestClient } from 'secure-mcp/testing';

class Question {
  @IsString() @MaxLength(100) question!: string;
}

@Tool({ name: 'ask_model', description: 'asks the client model', input: Question })
class AskModel {
  async execute(input: Question, ctx: ToolContext) {
    const r = await ctx.sample({
      messages: [{ role: 'user', content: { type: 'text', text: input.question } }],
      maxTokens: 10,
    });
    return r.content.type === 'text' ? r.content.text : 'non-text';
  }
}

// The client's JSON-RPC error code is read from whichever error class the SDK line throws (1.x McpError,
// 2.x ProtocolError), so the tool author gets the same sentence on either line.
describe('a client that fails a server→client request', () => {
  it('declares sampling but implements no handler: "does not implement"', async () => {
    const t = await createTestClient({ tools: [AskModel] });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'no-handler', version: '1.0.0' }, { capabilities: { sampling: {} } });
    await t.server.connect(serverSide);
    await client.connect(clientSide);
    const result = await client.callTool({ name: 'ask_model', arguments: { question: 'q' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('the client does not implement sampling/createMessage');
    await client.close();
    await t.close();
  });

  it('answers with an error: "refused or failed", with the JSON-RPC code', async () => {
    const t = await createTestClient({
      tools: [AskModel],
      onSample: () => {
        throw new Error('model unavailable');
      },
    });
    const result = await t.callTool('ask_model', { question: 'q' });
    expect(t.text(result)).toContain('the client refused or failed sampling/createMessage (error -32603)');
    await t.close();
  });
});
