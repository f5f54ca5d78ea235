import { pathToFileURL } from 'node:url';
import type { ClientRoot, SamplingRequest, SamplingResult } from '../client-context';
import type { SecureMcpServer } from './create-server';
import { loadSdkLine } from './sdk-lines/load-line';
import type { ClientCapabilities } from './sdk-lines/mcp-types';
import type { LineClientHandlers, LineClientKit, SdkClient } from './sdk-lines/types';

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
  client: SdkClient;
  /** The client package's own calls where the lines differ. */
  kit: LineClientKit;
  setRoots(roots: Array<string | ClientRoot>): Promise<void>;
}

/**
 * Connects the SDK's real `Client` to a server in memory (used by `secure-mcp/testing`): the client and the
 * in-memory transport of the line the server runs on (`@modelcontextprotocol/client` on 2.x).
 */
export async function connectInMemory(
  server: SecureMcpServer,
  clientName = 'secure-mcp-test-client',
  behaviour: ClientBehaviour = {},
): Promise<ConnectedClient> {
  const line = loadSdkLine(server.sdk.line);
  const kit = line.client();
  const [serverTransport, clientTransport] = line.inMemoryPair();
  const capabilities: ClientCapabilities = {};
  const handlers: LineClientHandlers = {};
  const { onElicit, onSample } = behaviour;
  if (onElicit) {
    capabilities.elicitation = { form: {} };
    handlers['elicitation/create'] = async (params) => await onElicit(params as ElicitationRequest);
  }
  if (onSample) {
    capabilities.sampling = {};
    handlers['sampling/createMessage'] = async (params) => await onSample(params as SamplingRequest);
  }
  let roots = (behaviour.roots ?? []).map(toRoot);
  if (behaviour.roots) {
    capabilities.roots = { listChanged: true };
    handlers['roots/list'] = async () => ({ roots });
  }
  const client = kit.createClient({ name: clientName, version: '1.0.0' }, capabilities, handlers);
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    kit,
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
