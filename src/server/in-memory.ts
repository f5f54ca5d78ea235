import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  type ClientCapabilities,
  type CreateMessageResult,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { ClientRoot, SamplingRequest, SamplingResult } from '../client-context';
import type { SecureMcpServer } from './create-server';

export { Client };

/** An elicitation request as the client receives it. */
export interface ElicitationRequest {
  message: string;
  requestedSchema: {
    type: 'object';
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
  };
}

/** What a client answers to an elicitation request. */
export type ElicitationAnswer =
  | { action: 'accept'; content: Record<string, string | number | boolean | string[]> }
  | { action: 'decline' | 'cancel' };

/** How the in-memory client answers server→client requests; each given handler declares its capability. */
export interface ClientBehaviour {
  /** Answers `elicitation/create`; `false`: the client does not declare elicitation. */
  onElicit?: ((request: ElicitationRequest) => ElicitationAnswer | Promise<ElicitationAnswer>) | false;
  /** Answers `sampling/createMessage` (declares sampling). */
  onSample?: (request: SamplingRequest) => SamplingResult | Promise<SamplingResult>;
  /** The client's roots: directories or `file://` URIs (declares roots with `listChanged`). */
  roots?: Array<string | ClientRoot>;
}

/** A connected client plus a way to change its roots (sends `notifications/roots/list_changed`). */
export interface ConnectedClient {
  client: Client;
  setRoots(roots: Array<string | ClientRoot>): Promise<void>;
}

/** Connects the SDK's real `Client` to a server in memory (used by `secure-mcp/testing`). */
export async function connectInMemory(
  server: SecureMcpServer,
  clientName = 'secure-mcp-test-client',
  behaviour: ClientBehaviour = {},
): Promise<ConnectedClient> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const capabilities: ClientCapabilities = {};
  if (behaviour.onElicit) capabilities.elicitation = { form: {} };
  if (behaviour.onSample) capabilities.sampling = {};
  if (behaviour.roots) capabilities.roots = { listChanged: true };
  const client = new Client({ name: clientName, version: '1.0.0' }, { capabilities });
  const onElicit = behaviour.onElicit;
  if (onElicit) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      const params = request.params as unknown as ElicitationRequest;
      // The test's answer is handed to the server as the client would send it, unchecked on purpose.
      return (await onElicit(params)) as ElicitResult;
    });
  }
  const onSample = behaviour.onSample;
  if (onSample) {
    client.setRequestHandler(
      CreateMessageRequestSchema,
      async (request) =>
        (await onSample(request.params as unknown as SamplingRequest)) as CreateMessageResult,
    );
  }
  let roots = (behaviour.roots ?? []).map(toRoot);
  if (behaviour.roots) client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots }));
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    async setRoots(next) {
      roots = next.map(toRoot);
      await client.sendRootsListChanged();
    },
  };
}

function toRoot(root: string | ClientRoot): ClientRoot {
  if (typeof root !== 'string') return root;
  return { uri: root.startsWith('file://') ? root : pathToFileURL(root).href };
}
