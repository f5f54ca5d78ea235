import {
  InMemoryTransport,
  isInitializeRequest,
  LATEST_PROTOCOL_VERSION,
  ProtocolError,
  Server,
  SUPPORTED_PROTOCOL_VERSIONS,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { LineServerBase } from './line-server-base';
import type { LineRequest, LineServer, LineTransport, SdkLine } from './types';

class Line2Server extends LineServerBase<Server> {
  onRequest: LineServer['onRequest'] = (method, handler) => {
    // 2.x registers by method name and validates against the spec schema of that method itself.
    this.server.setRequestHandler(
      method as never,
      ((request: LineRequest, ctx: ServerContext) =>
        handler(request, {
          signal: ctx.mcpReq.signal,
          requestId: ctx.mcpReq.id,
          sessionId: ctx.sessionId,
          authInfo: ctx.http?.authInfo,
          requestKey: ctx.http?.req,
          sendNotification: (n) => ctx.mcpReq.notify(n as never),
          sendRequest: (r, options) => ctx.mcpReq.send(r as never, options) as never,
        })) as never,
    );
  };

  onNotification: LineServer['onNotification'] = (method, handler) => {
    this.server.setNotificationHandler(
      method as never,
      (async (n: LineRequest) => {
        await handler(n);
      }) as never,
    );
  };
}

/** The split 2.x packages (`@modelcontextprotocol/server`, with `/core`). */
export function line2(version: string): SdkLine {
  return {
    id: '2',
    version,
    createServer: (info, options) => new Line2Server(new Server(info, options)),
    protocolError: (code, message, data) => new ProtocolError(code, message, data),
    isProtocolError: (error): error is ProtocolError => ProtocolError.isInstance(error),
    inMemoryPair: (): [LineTransport, LineTransport] => InMemoryTransport.createLinkedPair(),
    isInitializeRequest,
    protocolVersions: { latest: LATEST_PROTOCOL_VERSION, supported: SUPPORTED_PROTOCOL_VERSIONS },
    // Loaded on first use, each from its own package: @modelcontextprotocol/node, @modelcontextprotocol/client.
    http: once(() => (require('./line-2-http') as typeof import('./line-2-http')).http2()),
    client: once(() => (require('./line-2-client') as typeof import('./line-2-client')).client2()),
  };
}

function once<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}
