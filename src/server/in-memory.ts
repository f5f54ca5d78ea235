import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { SecureMcpServer } from './create-server';

export { Client };

/** Connects the SDK's real `Client` to a server in memory (used by `secure-mcp/testing`). */
export async function connectInMemory(
  server: SecureMcpServer,
  clientName = 'secure-mcp-test-client',
): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: clientName, version: '1.0.0' });
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return client;
}
