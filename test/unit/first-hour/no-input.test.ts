import 'reflect-metadata';
import { ReadOnly, Tool } from '../../../src';
import { createTestClient } from '../../../src/testing';

// Issue 17 item 6: a tool without arguments may leave `input` out (no empty DTO class needed).

@Tool({ name: 'server_time', description: 'The server clock' })
@ReadOnly()
class ServerTimeTool {
  execute() {
    return 'twelve o’clock';
  }
}

describe('a tool declared without input', () => {
  it('is listed with an empty object schema and called with or without arguments', async () => {
    const client = await createTestClient({ tools: [ServerTimeTool] });
    try {
      const { tools } = await client.listTools();
      expect(tools[0].inputSchema).toMatchObject({
        type: 'object',
        properties: {},
        additionalProperties: false,
      });
      expect((await client.callTool('server_time')).isError).toBeFalsy();
      expect((await client.callTool('server_time', {})).isError).toBeFalsy();
      const extra = await client.callTool('server_time', { when: 'now' });
      expect(extra.isError).toBe(true);
    } finally {
      await client.close();
    }
  });
});
