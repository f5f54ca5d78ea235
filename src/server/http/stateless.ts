import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/**
 * Stateless mode: every POST is self-contained, served by its own transport and SDK server, closed with its
 * response. Nothing is kept between requests, so any replica can answer any request without shared state;
 * what needs a session (server→client requests, logging levels, subscriptions, resumption) is unavailable.
 */
export function createStatelessHandler(
  connect: (transport: Transport) => Promise<void>,
  keepAliveMs: number,
) {
  return async (req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, keepAliveMs });
    res.once('close', () => void transport.close());
    await connect(transport);
    await transport.handleRequest(req, res, body);
  };
}
