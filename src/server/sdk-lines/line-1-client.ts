import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { notificationSchemaFor } from './line-1';
import type { LineClientKit, SdkClient } from './types';

// 1.x registers client handlers by zod schema.
const REQUEST_SCHEMAS = {
  'elicitation/create': ElicitRequestSchema,
  'sampling/createMessage': CreateMessageRequestSchema,
  'roots/list': ListRootsRequestSchema,
} as const;

/** The 1.x client (`@modelcontextprotocol/sdk/client`), loaded only by the test kit and `secure-mcp call`. */
export const client1: LineClientKit = {
  package: '@modelcontextprotocol/sdk',
  createClient(info, capabilities, handlers = {}) {
    const client = new Client(info, { capabilities });
    for (const [method, handler] of Object.entries(handlers)) {
      client.setRequestHandler(
        REQUEST_SCHEMAS[method as keyof typeof REQUEST_SCHEMAS],
        // The test's answer goes to the server as a client would send it, unchecked on purpose.
        async (request) => (await handler(request.params)) as never,
      );
    }
    // 1.x `callTool` also types the legacy `{ toolResult }` shape, which servers on the current spec never send.
    return client as unknown as SdkClient;
  },
  callTool: (client, params, options) =>
    (client as unknown as Client).callTool(params, undefined, options) as never,
  onNotification(client, method, handler) {
    (client as unknown as Client).setNotificationHandler(
      notificationSchemaFor(method) as never,
      handler as never,
    );
  },
  stdioTransport: (o) => new StdioClientTransport({ ...o, stderr: 'pipe' }),
};
