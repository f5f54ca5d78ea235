import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import * as types from '@modelcontextprotocol/sdk/types.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { LineServerBase } from './line-server-base';
import type { LineRequest, LineRequestExtra, LineServer, LineTransport, SdkLine } from './types';

type Schema = Parameters<Server['setRequestHandler']>[0];

// 1.x registers handlers by zod schema, not by method name: index its exported request, notification and
// result schemas by the method literal they carry, once.
const requestSchemas = new Map<string, Schema>();
const notificationSchemas = new Map<string, Schema>();
for (const [name, value] of Object.entries(types)) {
  const method = (value as { shape?: { method?: { value?: unknown } } })?.shape?.method?.value;
  if (typeof method !== 'string') continue;
  if (name.endsWith('RequestSchema')) requestSchemas.set(method, value as Schema);
  else if (name.endsWith('NotificationSchema')) notificationSchemas.set(method, value as Schema);
}
// Results of the requests a server sends to its client.
const resultSchemas: Record<string, unknown> = {
  'roots/list': types.ListRootsResultSchema,
  'sampling/createMessage': types.CreateMessageResultSchema,
  'elicitation/create': types.ElicitResultSchema,
  ping: types.EmptyResultSchema,
};

function schemaFor(table: Map<string, Schema>, method: string): Schema {
  const schema = table.get(method);
  if (!schema) throw new Error(`MCP SDK 1.x has no schema for method ${method}`);
  return schema;
}

/** The 1.x schema of a notification method (the 1.x client registers notification handlers by schema). */
export function notificationSchemaFor(method: string): Schema {
  return schemaFor(notificationSchemas, method);
}

function resultSchemaFor(method: string): never {
  const schema = resultSchemas[method];
  if (!schema) throw new Error(`MCP SDK 1.x: no result schema known for ${method}`);
  return schema as never;
}

/** A 1.x handler's `extra` as the seam's {@link LineRequestExtra}. */
export function lineExtra1(extra: RequestHandlerExtra<ServerRequest, ServerNotification>): LineRequestExtra {
  return {
    signal: extra.signal,
    requestId: extra.requestId,
    sessionId: extra.sessionId,
    authInfo: extra.authInfo,
    requestKey: extra.requestInfo,
    sendNotification: (n) => extra.sendNotification(n as never),
    sendRequest: (r, options) => extra.sendRequest(r as never, resultSchemaFor(r.method), options) as never,
  };
}

class Line1Server extends LineServerBase<Server> {
  onRequest: LineServer['onRequest'] = (method, handler) => {
    this.server.setRequestHandler(
      schemaFor(requestSchemas, method),
      (request, extra) => handler(request as LineRequest, lineExtra1(extra)) as never,
    );
  };

  onNotification: LineServer['onNotification'] = (method, handler) => {
    this.server.setNotificationHandler(schemaFor(notificationSchemas, method) as never, async (n) => {
      await handler(n as LineRequest);
    });
  };
}

/** `@modelcontextprotocol/sdk` 1.x. */
export function line1(version: string): SdkLine {
  return {
    id: '1',
    version,
    createServer: (info, options) => new Line1Server(new Server(info, options)),
    protocolError: (code, message, data) => new types.McpError(code, message, data),
    isProtocolError: (error): error is types.McpError => error instanceof types.McpError,
    inMemoryPair: (): [LineTransport, LineTransport] => InMemoryTransport.createLinkedPair(),
    isInitializeRequest: types.isInitializeRequest,
    protocolVersions: { latest: types.LATEST_PROTOCOL_VERSION, supported: types.SUPPORTED_PROTOCOL_VERSIONS },
    // Loaded on first use: a stdio server never loads the HTTP transport, a server never loads the client.
    http: () => (require('./line-1-http') as typeof import('./line-1-http')).http1,
    client: () => (require('./line-1-client') as typeof import('./line-1-client')).client1,
  };
}
